# expect nothing
def alpha():
    return 1


def beta():
    return 2


def run(name):
    return globals()[name]()


print(run(input()))

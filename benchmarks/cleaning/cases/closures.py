# expect functions: inner_dead
def outer():
    def inner_dead():
        return 1

    def inner_used():
        return 2

    return inner_used()


print(outer())

# expect functions: unused_x
def cmd_start():
    return "start"


def cmd_stop():
    return "stop"


def unused_x():
    return "x"


def run(name):
    return globals()["cmd_" + name]()


print(run("start"))

# expect functions: dead
HANDLERS = {}


def register(func):
    HANDLERS[func.__name__] = func
    return func


@register
def plugin_a():
    return "a"


def dead():
    return "d"


print(HANDLERS)

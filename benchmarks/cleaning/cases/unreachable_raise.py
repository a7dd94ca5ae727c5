# expect nothing
def fail(reason):
    raise ValueError(reason)
    cleanup = True  # <- unreachable
    return cleanup


try:
    fail("x")
except ValueError:
    pass

# expect functions: _internal_unused
__all__ = ["public_api", "Exported"]
__all__ += ["late_api"]


def public_api():
    return 1


def late_api():
    return 2


class Exported:
    pass


def _internal_unused():
    return 3

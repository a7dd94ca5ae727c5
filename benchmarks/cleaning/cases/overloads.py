# expect functions: _dead_helper
from typing import overload


@overload
def parse(value: int) -> int: ...
@overload
def parse(value: str) -> str: ...
def parse(value):
    return value


def _dead_helper():
    return parse("a")


print(parse(1))

# expect classes: Point
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


@dataclass(frozen=True)
class Size:
    width: int
    height: int


print(Size(1, 2).width, Size(3, 4).height)

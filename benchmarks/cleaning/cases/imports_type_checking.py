# expect imports: Optional
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from decimal import Decimal


def total(x: "Decimal") -> "Decimal":
    return x


print(total)

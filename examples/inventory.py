"""A small inventory module with the everyday mistakes nca fixes (see `make demo`)."""

import os
import sys


class Inventory:
    def __init__(self, path):
        self.path = path
        self.items = {}

    def load(self)
        with open(self.path) as handle:
            self.items = json.load(handle)
        return len(self.items)

    def total(self):
        count = 0
        for name, quantity in self.items.items():
            count += quantity
        return count

    def report(self):
        lines = [f"{name}: {qty}" for name, qty in sorted(self.items.items())]
        return "\n".join(lines)

    def restock(self, name, amount):
        unit = "pcs"
        self.items[name] = self.items.get(name, 0) + amout
        return self.items[name]


def main(argv):
    inventory = Inventory(argv[1])
    inventory.load()
    print(inventory.report())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

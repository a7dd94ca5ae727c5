# expect methods: dead_method
class Money:
    __slots__ = ("cents",)

    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return f"Money({self.cents})"

    def __eq__(self, other):
        return self.cents == other.cents

    def __hash__(self):
        return hash(self.cents)

    def dead_method(self):
        return self.cents


print(Money(1) == Money(1))

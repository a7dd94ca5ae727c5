# expect attributes: dead_attr
class Counter:
    def __init__(self):
        self.count = 0
        self.dead_attr = "never read"

    def bump(self):
        self.count += 1
        return self.count


print(Counter().bump())

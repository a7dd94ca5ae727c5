# expect properties: dead_prop
class Circle:
    def __init__(self, radius):
        self.radius = radius

    @property
    def area(self):
        return 3.14 * self.radius**2

    @property
    def dead_prop(self):
        return self.radius * 2


print(Circle(1).area)

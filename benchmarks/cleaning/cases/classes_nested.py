# expect classes: _Inner
class Outer:
    class _Inner:
        pass

    def value(self):
        return 1


print(Outer().value())

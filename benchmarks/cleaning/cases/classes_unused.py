# expect classes: _Unused
class Used:
    pass


class _Unused:
    def __init__(self):
        self.x = 1


print(Used())

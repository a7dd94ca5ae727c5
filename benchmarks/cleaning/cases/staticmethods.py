# expect methods: _dead_static, _dead_class
class Tools:
    @staticmethod
    def used():
        return 1

    @staticmethod
    def _dead_static():
        return 2

    @classmethod
    def _dead_class(cls):
        return cls


print(Tools.used())

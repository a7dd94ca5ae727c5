# expect methods: _unused_method
class Handler:
    def handle_get(self):
        return "get"

    def handle_post(self):
        return "post"

    def dispatch(self, verb):
        return getattr(self, f"handle_{verb}")()

    def _unused_method(self):
        return None


print(Handler().dispatch("get"))

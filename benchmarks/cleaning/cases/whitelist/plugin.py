# expect methods: _dead
class Plugin:
    def on_plugin_load(self):
        return True

    def _dead(self):
        return False


print(Plugin())

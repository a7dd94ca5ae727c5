_.on_plugin_load  # unused method (plugin.py)

/* stub: to be written */
typedef int stub_plugins_plugin_loader_c;

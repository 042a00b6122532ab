/* stub: to be written */
typedef int stub_plugins_plugin_feature_c;

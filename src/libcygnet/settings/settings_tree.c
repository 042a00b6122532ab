/* stub: to be written */
typedef int stub_settings_settings_tree_c;

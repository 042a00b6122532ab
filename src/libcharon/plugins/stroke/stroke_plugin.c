typedef int stub_stroke_plugin;

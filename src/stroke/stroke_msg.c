typedef int stub_stroke_msg;

typedef int stub_message;

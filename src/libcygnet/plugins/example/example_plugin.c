typedef int stub_example;

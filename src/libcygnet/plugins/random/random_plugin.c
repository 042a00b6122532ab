typedef int stub_random;

typedef int stub_knp;

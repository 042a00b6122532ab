typedef int stub_klp;

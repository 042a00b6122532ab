typedef int stub_shared_key;

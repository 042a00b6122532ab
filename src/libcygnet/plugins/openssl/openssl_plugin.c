typedef int stub_openssl_plugin;

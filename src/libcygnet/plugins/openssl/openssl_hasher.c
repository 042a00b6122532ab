typedef int stub_openssl_hasher;

typedef int stub_openssl_crypter;

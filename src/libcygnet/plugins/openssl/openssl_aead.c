typedef int stub_openssl_aead;

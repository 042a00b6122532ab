typedef int stub_openssl_hmac;

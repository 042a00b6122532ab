typedef int stub_openssl_rng;

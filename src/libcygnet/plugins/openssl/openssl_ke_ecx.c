typedef int stub_openssl_ke_ecx;

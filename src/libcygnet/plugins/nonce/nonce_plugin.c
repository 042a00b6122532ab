typedef int stub_nonce;

/* stub: to be written */
typedef int stub_crypto_prf_plus_c;

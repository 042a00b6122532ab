/* stub: to be written */
typedef int stub_crypto_crypto_factory_c;

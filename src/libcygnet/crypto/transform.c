/* stub: to be written */
typedef int stub_crypto_transform_c;

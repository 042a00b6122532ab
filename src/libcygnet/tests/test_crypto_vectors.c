/*
 * Known-answer tests for the openssl plugin, loaded the way the daemon
 * loads it (plugin loader, crypto factory), and for prf+.
 *
 * Every expected value below is published in the document cited next to
 * it; none was produced by the code under test. The MODP and prf+ answers
 * were computed independently with Python integers and its hmac module.
 */
#include "test_runner.h"
#include "library.h"
#include "crypto/crypto_factory.h"
#include "plugins/plugin_loader.h"

/* Decoded hex strings, freed after each test. */
#define MAX_TMP 128
static chunk_t tmp[MAX_TMP];
static int ntmp;

static chunk_t keep(chunk_t c)
{
	ck_assert_int_lt(ntmp, MAX_TMP);
	tmp[ntmp++] = c;
	return c;
}

static chunk_t hx(const char *hex)
{
	chunk_t c = chunk_from_hex(hex);

	ck_assert_msg(!chunk_is_empty(c) || !*hex, "bad hex in test: %s", hex);
	return keep(c);
}

#define str(s) chunk_from_str(s)

#define assert_chunk(got, want) do { \
	chunk_t g_ = (got), w_ = (want); \
	char *gh_ = chunk_to_hex(g_, false), *wh_ = chunk_to_hex(w_, false); \
	ck_assert_msg(chunk_equals(g_, w_), "got %s, want %s", gh_, wh_); \
	free(gh_); free(wh_); \
} while (0)

static void setup(void)
{
	ck_assert(library_init(NULL, "test"));
	ck_assert(lib->plugins->load(lib->plugins, BUILD_PLUGINDIRS,
				     "random nonce openssl"));
}

static void teardown(void)
{
	while (ntmp > 0) {
		chunk_free(&tmp[--ntmp]);
	}
	library_deinit();
}

START_TEST(test_features)
{
	static const struct {
		crypto_kind_t kind;
		int alg;
	} want[] = {
		{ CRYPTO_CRYPTER, ENCR_AES_CBC }, { CRYPTO_CRYPTER, ENCR_AES_CTR },
		{ CRYPTO_CRYPTER, ENCR_3DES }, { CRYPTO_AEAD, ENCR_AES_GCM_ICV8 },
		{ CRYPTO_AEAD, ENCR_AES_GCM_ICV12 }, { CRYPTO_AEAD, ENCR_AES_GCM_ICV16 },
		{ CRYPTO_AEAD, ENCR_CHACHA20_POLY1305 }, { CRYPTO_HASHER, HASH_SHA1 },
		{ CRYPTO_HASHER, HASH_SHA224 }, { CRYPTO_HASHER, HASH_SHA256 },
		{ CRYPTO_HASHER, HASH_SHA384 }, { CRYPTO_HASHER, HASH_SHA512 },
		{ CRYPTO_HASHER, HASH_MD5 }, { CRYPTO_SIGNER, AUTH_HMAC_SHA1_96 },
		{ CRYPTO_SIGNER, AUTH_HMAC_SHA2_256_128 }, { CRYPTO_SIGNER, AUTH_HMAC_SHA2_384_192 },
		{ CRYPTO_SIGNER, AUTH_HMAC_SHA2_512_256 }, { CRYPTO_SIGNER, AUTH_HMAC_SHA2_256_256 },
		{ CRYPTO_SIGNER, AUTH_AES_CMAC_96 }, { CRYPTO_PRF, PRF_HMAC_SHA1 },
		{ CRYPTO_PRF, PRF_HMAC_SHA2_256 }, { CRYPTO_PRF, PRF_HMAC_SHA2_384 },
		{ CRYPTO_PRF, PRF_HMAC_SHA2_512 }, { CRYPTO_PRF, PRF_AES128_CMAC },
		{ CRYPTO_KE, MODP_2048 }, { CRYPTO_KE, MODP_3072 }, { CRYPTO_KE, MODP_4096 },
		{ CRYPTO_KE, ECP_256 }, { CRYPTO_KE, ECP_384 }, { CRYPTO_KE, ECP_521 },
		{ CRYPTO_KE, CURVE_25519 }, { CRYPTO_KE, CURVE_448 },
		{ CRYPTO_RNG, RNG_STRONG }, { CRYPTO_RNG, RNG_TRUE },
	};
	size_t i;

	for (i = 0; i < countof(want); i++) {
		ck_assert_msg(lib->crypto->supports(lib->crypto, want[i].kind,
						    want[i].alg),
			      "%s %d not registered",
			      crypto_kind_name(want[i].kind), want[i].alg);
	}
	ck_assert(lib->plugins->has_feature(lib->plugins,
			FEATURE_ID(FEATURE_KE, CURVE_25519)));
	/* unsupported sizes are refused by the constructor */
	ck_assert_ptr_null(lib->crypto->create_crypter(lib->crypto, ENCR_AES_CBC, 17));
	ck_assert_ptr_null(lib->crypto->create_aead(lib->crypto, ENCR_CHACHA20_POLY1305, 16));
}
END_TEST

/* Encrypt and decrypt, allocating and in place; check sizes on the way. */
static void check_crypter(encryption_algorithm_t alg, size_t key_size,
			  chunk_t key, chunk_t iv, chunk_t plain, chunk_t cipher)
{
	crypter_t *c = lib->crypto->create_crypter(lib->crypto, alg, key_size);
	chunk_t out, buf;

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->get_key_size(c), key.len);
	ck_assert_uint_eq(c->get_iv_size(c), iv.len);
	ck_assert(!c->encrypt(c, plain, iv, &out));
	ck_assert(c->set_key(c, key));

	ck_assert(c->encrypt(c, plain, iv, &out));
	assert_chunk(out, cipher);
	chunk_free(&out);
	ck_assert(c->decrypt(c, cipher, iv, &out));
	assert_chunk(out, plain);
	chunk_free(&out);

	buf = keep(chunk_clone(plain));
	ck_assert(c->encrypt(c, buf, iv, NULL));
	assert_chunk(buf, cipher);
	ck_assert(c->decrypt(c, buf, iv, NULL));
	assert_chunk(buf, plain);

	/* wrong IV length */
	ck_assert(!c->encrypt(c, plain, chunk_head(iv, iv.len - 1), &out));
	c->destroy(c);
}

/* RFC 3602 §4 cases 1-3, and NIST SP 800-38A F.2.1/F.2.3/F.2.5 */
START_TEST(test_aes_cbc)
{
	static const char sp_plain[] =
		"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
		"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
	crypter_t *c;
	chunk_t out;

	check_crypter(ENCR_AES_CBC, 16, hx("06a9214036b8a15b512e03d534120006"),
		      hx("3dafba429d9eb430b422da802c9fac41"), str("Single block msg"),
		      hx("e353779c1079aeb82708942dbe77181a"));
	check_crypter(ENCR_AES_CBC, 16, hx("c286696d887c9aa0611bbb3e2025a45a"),
		      hx("562e17996d093d28ddb3ba695a2e6f58"),
		      hx("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
		      hx("d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"));
	check_crypter(ENCR_AES_CBC, 16, hx("6c3ea0477630ce21a2ce334aa746c2cd"),
		      hx("c782dc4c098c66cbd9cd27d825682c81"),
		      str("This is a 48-byte message (exactly 3 AES blocks)"),
		      hx("d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
			 "021c19216bad525c8579695d83ba2684"));
	check_crypter(ENCR_AES_CBC, 16, hx("2b7e151628aed2a6abf7158809cf4f3c"),
		      hx("000102030405060708090a0b0c0d0e0f"), hx(sp_plain),
		      hx("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
			 "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"));
	check_crypter(ENCR_AES_CBC, 24,
		      hx("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"),
		      hx("000102030405060708090a0b0c0d0e0f"), hx(sp_plain),
		      hx("4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
			 "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"));
	check_crypter(ENCR_AES_CBC, 32,
		      hx("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
		      hx("000102030405060708090a0b0c0d0e0f"), hx(sp_plain),
		      hx("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
			 "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"));

	c = lib->crypto->create_crypter(lib->crypto, ENCR_AES_CBC, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->get_block_size(c), 16);
	ck_assert_uint_eq(c->get_key_size(c), 16);
	ck_assert(!c->set_key(c, hx("000102030405060708090a0b0c0d0e0f10")));
	ck_assert(c->set_key(c, hx("000102030405060708090a0b0c0d0e0f")));
	/* the caller pads: a partial block is an error */
	ck_assert(!c->encrypt(c, str("fifteen bytes!!"),
			      hx("000102030405060708090a0b0c0d0e0f"), &out));
	c->destroy(c);
}
END_TEST

/* RFC 3686 §6 test vectors 1-9; the nonce is the key's last 4 bytes. */
START_TEST(test_aes_ctr)
{
	static const struct {
		const char *key, *iv, *plain, *cipher;
	} v[] = {
		{ "ae6852f8121067cc4bf7a5765577f39e00000030", "0000000000000000",
		  "53696e676c6520626c6f636b206d7367", "e4095d4fb7a7b3792d6175a3261311b8" },
		{ "7e24067817fae0d743d6ce1f32539163006cb6db", "c0543b59da48d90b",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		  "5104a106168a72d9790d41ee8edad388eb2e1efc46da57c8fce630df9141be28" },
		{ "7691be035e5020a8ac6e618529f9a0dc00e0017b", "27777f3f4a1786f0",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223",
		  "c1cf48a89f2ffdd9cf4652e9efdb72d74540a42bde6d7836d59a5ceaaef3105325b2072f" },
		{ "16af5b145fc9f579c175f93e3bfb0eed863d06ccfdb7851500000048", "36733c147d6d93cb",
		  "53696e676c6520626c6f636b206d7367", "4b55384fe259c9c84e7935a003cbe928" },
		{ "7c5cb2401b3dc33c19e7340819e0f69c678c3db8e6f6a91a0096b03b", "020c6eadc2cb500d",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		  "453243fc609b23327edfaafa7131cd9f8490701c5ad4a79cfc1fe0ff42f4fb00" },
		{ "02bf391ee8ecb159b959617b0965279bf59b60a786d3e0fe0007bdfd", "5cbd60278dcc0912",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223",
		  "96893fc55e5c722f540b7dd1ddf7e758d288bc95c69165884536c811662f2188abee0935" },
		{ "776beff2851db06f4c8a0542c8696f6c6a81af1eec96b4d37fc1d689e6c1c10400000060",
		  "db5672c97aa8f0b2",
		  "53696e676c6520626c6f636b206d7367", "145ad01dbf824ec7560863dc71e3e0c0" },
		{ "f6d66d6bd52d59bb0796365879eff886c66dd51a5b6a99744b50590c87a2388400faac24",
		  "c1585ef15a43d875",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		  "f05e231b3894612c49ee000b804eb2a9b8306b508f839d6a5530831d9344af1c" },
		{ "ff7a617ce69148e4f1726e2f43581de2aa62d9f805532edff1eed687fb54153d001cc5b7",
		  "51a51d70a1c11148",
		  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223",
		  "eb6c52821d0bbbf7ce7594462aca4faab407df866569fd07f48cc0b583d6071f1ec0e6b8" },
	};
	crypter_t *c;
	chunk_t key;
	size_t i;

	for (i = 0; i < countof(v); i++) {
		key = hx(v[i].key);
		check_crypter(ENCR_AES_CTR, key.len - 4, key, hx(v[i].iv),
			      hx(v[i].plain), hx(v[i].cipher));
	}
	c = lib->crypto->create_crypter(lib->crypto, ENCR_AES_CTR, 32);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->get_block_size(c), 1);
	ck_assert_uint_eq(c->get_iv_size(c), 8);
	ck_assert_uint_eq(c->get_key_size(c), 36);
	/* the key without its nonce is too short */
	ck_assert(!c->set_key(c, keep(chunk_clone(chunk_head(key, 32)))));
	c->destroy(c);
}
END_TEST

/* NIST SP 800-67 Rev. 1 example; one CBC block under a zero IV equals ECB. */
START_TEST(test_3des)
{
	chunk_t key = hx("0123456789abcdef23456789abcdef01456789abcdef0123");
	chunk_t iv = hx("0000000000000000"), msg = str("The qufck brown fox jump");
	crypter_t *c;
	chunk_t enc, dec;

	check_crypter(ENCR_3DES, 24, key, iv, str("The qufc"), hx("a826fd8ce53b855f"));
	c = lib->crypto->create_crypter(lib->crypto, ENCR_3DES, 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->get_block_size(c), 8);
	ck_assert(c->set_key(c, key));
	ck_assert(c->encrypt(c, msg, hx("0102030405060708"), &enc));
	ck_assert(c->decrypt(c, enc, hx("0102030405060708"), &dec));
	assert_chunk(dec, msg);
	chunk_free(&enc);
	chunk_free(&dec);
	c->destroy(c);
}
END_TEST

/*
 * Check an AEAD vector: encryption allocating and in place, decryption
 * both ways, and that any change to ciphertext, ICV, AAD or IV is caught.
 */
static void check_aead(encryption_algorithm_t alg, chunk_t key, chunk_t iv,
		       chunk_t aad, chunk_t plain, chunk_t cipher_icv)
{
	aead_t *a = lib->crypto->create_aead(lib->crypto, alg, key.len - 4);
	chunk_t out, buf, bad;
	size_t icv, i;

	ck_assert_ptr_nonnull(a);
	icv = a->get_icv_size(a);
	ck_assert_uint_eq(plain.len + icv, cipher_icv.len);
	ck_assert_uint_eq(a->get_key_size(a), key.len);
	ck_assert_uint_eq(a->get_iv_size(a), 8);
	ck_assert_uint_eq(a->get_block_size(a), 1);
	ck_assert(!a->encrypt(a, plain, aad, iv, &out));
	ck_assert(!a->set_key(a, chunk_head(key, key.len - 1)));
	ck_assert(a->set_key(a, key));

	ck_assert(a->encrypt(a, plain, aad, iv, &out));
	assert_chunk(out, cipher_icv);
	chunk_free(&out);
	ck_assert(a->decrypt(a, cipher_icv, aad, iv, &out));
	assert_chunk(out, plain);
	chunk_free(&out);

	/* in place: room for the ICV after the plaintext */
	buf = keep(chunk_alloc(cipher_icv.len));
	if (plain.len) {
		memcpy(buf.ptr, plain.ptr, plain.len);
	}
	ck_assert(a->encrypt(a, chunk_create(buf.ptr, plain.len), aad, iv, NULL));
	assert_chunk(buf, cipher_icv);
	ck_assert(a->decrypt(a, buf, aad, iv, NULL));
	assert_chunk(chunk_head(buf, plain.len), plain);

	/* tampering: each bit position class, the ICV, AAD and IV */
	bad = keep(chunk_clone(cipher_icv));
	for (i = 0; i < bad.len; i += (bad.len > 16 ? 7 : 1)) {
		bad.ptr[i] ^= 0x01;
		ck_assert_msg(!a->decrypt(a, bad, aad, iv, &out), "flip at %zu", i);
		bad.ptr[i] ^= 0x01;
	}
	bad.ptr[bad.len - 1] ^= 0x80;
	ck_assert(!a->decrypt(a, bad, aad, iv, &out));
	/* in place, a failed check leaves no plaintext behind */
	if (plain.len) {
		ck_assert(!a->decrypt(a, bad, aad, iv, NULL));
		for (i = 0; i < plain.len; i++) {
			ck_assert_uint_eq(bad.ptr[i], 0);
		}
	}
	if (aad.len) {
		ck_assert(!a->decrypt(a, cipher_icv, chunk_head(aad, aad.len - 1), iv, &out));
	}
	ck_assert(!a->decrypt(a, cipher_icv, aad, hx("0000000000000001"), &out));
	ck_assert(!a->decrypt(a, chunk_head(cipher_icv, icv - 1), aad, iv, &out));
	ck_assert(!a->encrypt(a, plain, aad, chunk_head(iv, 7), &out));
	a->destroy(a);
}

/* The salt is the first 4 bytes of the GCM spec's 96-bit IV (RFC 4106 §4). */
static void check_gcm(const char *key, const char *salt_iv, const char *aad,
		      const char *plain, const char *cipher, const char *tag)
{
	static const encryption_algorithm_t algs[] = {
		ENCR_AES_GCM_ICV8, ENCR_AES_GCM_ICV12, ENCR_AES_GCM_ICV16,
	};
	chunk_t salt_iv_c = hx(salt_iv), k, t = hx(tag);
	size_t i, icv;

	k = keep(chunk_cat(2, hx(key), chunk_head(salt_iv_c, 4)));
	for (i = 0; i < countof(algs); i++) {
		/* RFC 4106 §6: the shorter ICVs are the tag's leading bytes */
		icv = algs[i] == ENCR_AES_GCM_ICV8 ? 8 : algs[i] == ENCR_AES_GCM_ICV12 ? 12 : 16;
		check_aead(algs[i], k, chunk_skip(salt_iv_c, 4), *aad ? hx(aad) : chunk_empty,
			   *plain ? hx(plain) : chunk_empty,
			   keep(chunk_cat(2, *cipher ? hx(cipher) : chunk_empty,
					  chunk_head(t, icv))));
	}
}

/* McGrew/Viega, "The Galois/Counter Mode of Operation", appendix B. */
START_TEST(test_aes_gcm)
{
	static const char plain[] =
		"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
	static const char aad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

	/* test case 1: nothing to encrypt, only the tag */
	check_gcm("00000000000000000000000000000000", "000000000000000000000000",
		  "", "", "", "58e2fccefa7e3061367f1d57a4e7455a");
	/* test case 2 */
	check_gcm("00000000000000000000000000000000", "000000000000000000000000",
		  "", "00000000000000000000000000000000",
		  "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
	/* test cases 4, 10, 16: partial last block, with AAD */
	check_gcm("feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
		  aad, plain,
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
		  "5bc94fbc3221a5db94fae95ae7121a47");
	check_gcm("feffe9928665731c6d6a8f9467308308feffe9928665731c",
		  "cafebabefacedbaddecaf888", aad, plain,
		  "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
		  "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
		  "2519498e80f1478f37ba55bd6d27618c");
	check_gcm("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
		  "cafebabefacedbaddecaf888", aad, plain,
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b");
}
END_TEST

/*
 * RFC 8439 §2.8.2, in the ESP/IKE form of RFC 7634 §2: the nonce
 * 07000000 40..47 is salt 07000000 (key tail) plus IV 4041424344454647.
 */
START_TEST(test_chacha20_poly1305)
{
	chunk_t key = keep(chunk_cat(2,
		hx("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
		hx("07000000")));

	check_aead(ENCR_CHACHA20_POLY1305, key, hx("4041424344454647"),
		   hx("50515253c0c1c2c3c4c5c6c7"),
		   str("Ladies and Gentlemen of the class of '99: If I could offer you "
		       "only one tip for the future, sunscreen would be it."),
		   hx("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
		      "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
		      "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
		      "3ff4def08e4b7a9de576d26586cec64b6116"
		      "1ae10b594f09e26a7e902ecbd0600691"));
}
END_TEST

/* FIPS 180-2 appendix examples ("abc", the 448-bit message), empty input;
 * MD5 from RFC 1321 §A.5. */
START_TEST(test_hashers)
{
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const struct {
		hash_algorithm_t alg;
		const char *msg, *digest;
	} v[] = {
		{ HASH_MD5, "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ HASH_MD5, "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ HASH_SHA1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ HASH_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ HASH_SHA1, m448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ HASH_SHA224, "", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f" },
		{ HASH_SHA224, "abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
		{ HASH_SHA224, m448, "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525" },
		{ HASH_SHA256, "",
		  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ HASH_SHA256, "abc",
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ HASH_SHA256, m448,
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ HASH_SHA384, "",
		  "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
		  "274edebfe76f65fbd51ad2f14898b95b" },
		{ HASH_SHA384, "abc",
		  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
		  "8086072ba1e7cc2358baeca134c825a7" },
		{ HASH_SHA384, m448,
		  "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
		  "b0455a8520bc4e6f5fe95b1fe3c8452b" },
		{ HASH_SHA512, "",
		  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
		{ HASH_SHA512, "abc",
		  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
		  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
		{ HASH_SHA512, m448,
		  "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
		  "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445" },
	};
	uint8_t buf[64];
	hasher_t *h;
	chunk_t out, msg, want;
	size_t i;

	for (i = 0; i < countof(v); i++) {
		h = lib->crypto->create_hasher(lib->crypto, v[i].alg);
		ck_assert_ptr_nonnull(h);
		msg = str(v[i].msg);
		want = hx(v[i].digest);
		ck_assert_uint_eq(h->get_hash_size(h), want.len);
		ck_assert(h->allocate_hash(h, msg, &out));
		assert_chunk(out, want);
		chunk_free(&out);
		/* in two pieces, into a caller's buffer */
		ck_assert(h->get_hash(h, chunk_head(msg, msg.len / 2), NULL));
		ck_assert(h->get_hash(h, chunk_skip(msg, msg.len / 2), buf));
		assert_chunk(chunk_create(buf, want.len), want);
		/* reset() drops what was fed */
		ck_assert(h->get_hash(h, str("garbage"), NULL));
		ck_assert(h->reset(h));
		ck_assert(h->allocate_hash(h, msg, &out));
		assert_chunk(out, want);
		chunk_free(&out);
		h->destroy(h);
	}
	ck_assert_ptr_null(lib->crypto->create_hasher(lib->crypto, HASH_IDENTITY));
}
END_TEST

/* Check a signer's MAC: allocating, into a buffer, in pieces, and verify. */
static void check_signer(integrity_algorithm_t alg, chunk_t key, chunk_t data,
			 chunk_t mac)
{
	signer_t *s = lib->crypto->create_signer(lib->crypto, alg);
	uint8_t buf[64];
	chunk_t out, bad;

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->get_block_size(s), mac.len);
	ck_assert(!s->allocate_signature(s, data, &out));
	ck_assert(s->set_key(s, key));
	ck_assert(s->allocate_signature(s, data, &out));
	assert_chunk(out, mac);
	chunk_free(&out);
	ck_assert(s->get_signature(s, chunk_head(data, 3), NULL));
	ck_assert(s->get_signature(s, chunk_skip(data, 3), buf));
	assert_chunk(chunk_create(buf, mac.len), mac);
	ck_assert(s->verify_signature(s, data, mac));

	bad = keep(chunk_clone(mac));
	bad.ptr[0] ^= 0x01;
	ck_assert(!s->verify_signature(s, data, bad));
	ck_assert(!s->verify_signature(s, data, chunk_head(mac, mac.len - 1)));
	ck_assert(!s->verify_signature(s, chunk_head(data, data.len - 1), mac));
	/* a failed check leaves no state behind */
	ck_assert(s->verify_signature(s, data, mac));
	s->destroy(s);
}

static void check_prf(pseudo_random_function_t alg, chunk_t key, chunk_t seed,
		      chunk_t want)
{
	prf_t *p = lib->crypto->create_prf(lib->crypto, alg);
	uint8_t buf[64];
	chunk_t out;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->get_block_size(p), want.len);
	ck_assert(p->set_key(p, key));
	ck_assert(p->allocate_bytes(p, seed, &out));
	assert_chunk(out, want);
	chunk_free(&out);
	ck_assert(p->get_bytes(p, seed, buf));
	assert_chunk(chunk_create(buf, want.len), want);
	p->destroy(p);
}

/* RFC 2202 (HMAC-MD5/SHA-1) and RFC 4231 (HMAC-SHA-2) test cases 1, 2, 5, 6;
 * IKE/ESP truncation per RFC 2404 and RFC 4868 §2.6. */
START_TEST(test_hmac)
{
	chunk_t k1 = hx("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), d1 = str("Hi There");
	chunk_t k2 = str("Jefe"), d2 = str("what do ya want for nothing?");
	chunk_t k5 = hx("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c");
	chunk_t d5 = str("Test With Truncation");
	chunk_t k6 = keep(chunk_alloc(131)), k6_2202 = keep(chunk_alloc(80));
	chunk_t d6 = str("Test Using Larger Than Block-Size Key - Hash Key First");
	signer_t *s;

	memset(k6.ptr, 0xaa, k6.len);
	memset(k6_2202.ptr, 0xaa, k6_2202.len);

	check_signer(AUTH_HMAC_SHA1_160, k1, d1, hx("b617318655057264e28bc0b6fb378c8ef146be00"));
	check_signer(AUTH_HMAC_SHA1_160, k2, d2, hx("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
	check_signer(AUTH_HMAC_SHA1_96, k5, d5, hx("4c1a03424b55e07fe7f27be1"));
	check_signer(AUTH_HMAC_SHA1_160, k6_2202, d6,
		     hx("aa4ae5e15272d00e95705637ce8a3b55ed402112"));
	check_signer(AUTH_HMAC_MD5_128, k2, d2, hx("750c783e6ab0b503eaa86e310a5db738"));
	check_signer(AUTH_HMAC_MD5_96, k2, d2, hx("750c783e6ab0b503eaa86e31"));

	check_signer(AUTH_HMAC_SHA2_256_256, k1, d1,
		     hx("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
	check_signer(AUTH_HMAC_SHA2_256_128, k2, d2, hx("5bdcc146bf60754e6a042426089575c7"));
	check_signer(AUTH_HMAC_SHA2_256_128, k5, d5, hx("a3b6167473100ee06e0c796c2955552b"));
	check_signer(AUTH_HMAC_SHA2_256_256, k6, d6,
		     hx("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));

	check_signer(AUTH_HMAC_SHA2_384_384, k1, d1,
		     hx("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
			"faea9ea9076ede7f4af152e8b2fa9cb6"));
	check_signer(AUTH_HMAC_SHA2_384_192, k2, d2,
		     hx("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"));
	check_signer(AUTH_HMAC_SHA2_384_384, k6, d6,
		     hx("4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
			"0c2ef6ab4030fe8296248df163f44952"));

	check_signer(AUTH_HMAC_SHA2_512_512, k1, d1,
		     hx("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
			"daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
	check_signer(AUTH_HMAC_SHA2_512_256, k2, d2,
		     hx("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"));
	check_signer(AUTH_HMAC_SHA2_512_512, k6, d6,
		     hx("80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
			"6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"));

	/* the same MACs as PRFs, whole */
	check_prf(PRF_HMAC_SHA1, k2, d2, hx("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
	check_prf(PRF_HMAC_SHA2_256, k2, d2,
		  hx("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
	check_prf(PRF_HMAC_SHA2_384, k2, d2,
		  hx("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
		     "8e2240ca5e69e2c78b3239ecfab21649"));
	check_prf(PRF_HMAC_SHA2_512, k2, d2,
		  hx("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		     "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
	check_prf(PRF_HMAC_SHA2_256, k6, d6,
		  hx("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
	/* an empty key and seed are valid HMAC inputs; answer from Python hmac */
	check_prf(PRF_HMAC_SHA2_256, chunk_empty, chunk_empty,
		  hx("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));

	/* the key size RFC 4868 §2.1.1 prescribes */
	s = lib->crypto->create_signer(lib->crypto, AUTH_HMAC_SHA2_384_192);
	ck_assert_uint_eq(s->get_key_size(s), 48);
	s->destroy(s);
	ck_assert_ptr_null(lib->crypto->create_signer(lib->crypto, AUTH_AES_XCBC_96));
}
END_TEST

/* AES-CMAC-96 (RFC 4494 §4, from RFC 4493 examples 1, 2) and
 * AES-CMAC-PRF-128 (RFC 4615 §4) with 18, 16 and 10-byte keys. */
START_TEST(test_cmac)
{
	chunk_t key = hx("2b7e151628aed2a6abf7158809cf4f3c");
	chunk_t msg = hx("000102030405060708090a0b0c0d0e0f10111213");
	signer_t *s;
	uint8_t mac[12];

	s = lib->crypto->create_signer(lib->crypto, AUTH_AES_CMAC_96);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->get_key_size(s), 16);
	ck_assert(!s->set_key(s, chunk_head(key, 15)));
	ck_assert(s->set_key(s, key));
	ck_assert(s->get_signature(s, chunk_empty, mac));
	assert_chunk(chunk_from_thing(mac), hx("bb1d6929e95937287fa37d12"));
	s->destroy(s);
	check_signer(AUTH_AES_CMAC_96, key, hx("6bc1bee22e409f96e93d7e117393172a"),
		     hx("070a16b46b4d4144f79bdd9d"));

	check_prf(PRF_AES128_CMAC, hx("000102030405060708090a0b0c0d0e0fedcb"), msg,
		  hx("84a348a4a45d235babfffc0d2b4da09a"));
	check_prf(PRF_AES128_CMAC, hx("000102030405060708090a0b0c0d0e0f"), msg,
		  hx("980ae87b5f4c9c5214f5b6a8455e4c2d"));
	check_prf(PRF_AES128_CMAC, hx("00010203040506070809"), msg,
		  hx("290d9e112edb09ee141fcf64c0b72f3d"));
}
END_TEST

/* prf+ (RFC 7296 §2.13) against its definition and an independent answer. */
START_TEST(test_prf_plus)
{
	chunk_t key = hx("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	chunk_t seed = str("cygnet prf+ seed"), out, t, in, want;
	prf_t *prf = lib->crypto->create_prf(lib->crypto, PRF_HMAC_SHA2_256);
	uint8_t n;

	ck_assert_ptr_nonnull(prf);
	ck_assert(prf->set_key(prf, key));

	/* T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), by hand */
	want = keep(chunk_alloc(4 * 32));
	t = chunk_empty;
	for (n = 1; n <= 4; n++) {
		in = chunk_cat(3, t, seed, chunk_create(&n, 1));
		ck_assert(prf->get_bytes(prf, in, want.ptr + (n - 1) * 32));
		chunk_free(&in);
		t = chunk_create(want.ptr + (n - 1) * 32, 32);
	}
	ck_assert(prf_plus(prf, seed, 100, &out));
	assert_chunk(out, chunk_head(want, 100));
	chunk_free(&out);
	/* Python's hmac module, same key and seed */
	ck_assert(prf_plus(prf, seed, 100, &out));
	assert_chunk(out, hx("b4eb249a363bdb94d014a42bcadf7d3e8bfae7dbdff6029511b77dfbe91e6eb3"
			     "b6fca6df72cab7a18ecd9888dedf2f12d7b2303f2b9633a129d2d9612fa692b5"
			     "78e4c92a49d126892b5b70eca7f76d63451225a21c1f8e7e96dd0ba475eeba9b"
			     "0ae171ba"));
	chunk_free(&out);
	/* a shorter request is a prefix: T1 truncated */
	ck_assert(prf_plus(prf, seed, 7, &out));
	assert_chunk(out, chunk_head(want, 7));
	chunk_free(&out);

	/* the one-octet counter caps the output at 255 blocks */
	ck_assert(prf_plus(prf, seed, 255 * 32, &out));
	ck_assert_uint_eq(out.len, 255 * 32);
	assert_chunk(chunk_head(out, 100), chunk_head(want, 100));
	chunk_clear(&out);
	ck_assert(!prf_plus(prf, seed, 255 * 32 + 1, &out));
	ck_assert(prf_plus(prf, seed, 0, &out));
	ck_assert_uint_eq(out.len, 0);
	prf->destroy(prf);
}
END_TEST

static chunk_t sha256(chunk_t data)
{
	hasher_t *h = lib->crypto->create_hasher(lib->crypto, HASH_SHA256);
	chunk_t out;

	ck_assert_ptr_nonnull(h);
	ck_assert(h->allocate_hash(h, data, &out));
	h->destroy(h);
	return keep(out);
}

static key_exchange_t *ke(key_exchange_method_t method)
{
	key_exchange_t *k = lib->crypto->create_ke(lib->crypto, method);

	ck_assert_msg(k, "no %s", key_exchange_method_name(method));
	ck_assert_int_eq(k->get_method(k), method);
	return k;
}

/* Two fresh parties agree; public values and secret have the fixed size. */
static void check_agreement(key_exchange_method_t method, size_t pub_len,
			    size_t secret_len)
{
	key_exchange_t *a = ke(method), *b = ke(method);
	chunk_t pa, pb, sa, sb;

	ck_assert(!a->get_shared_secret(a, &sa));
	ck_assert(a->get_public_key(a, &pa));
	ck_assert(b->get_public_key(b, &pb));
	ck_assert_uint_eq(pa.len, pub_len);
	ck_assert_uint_eq(pb.len, pub_len);
	ck_assert(!chunk_equals(pa, pb));
	ck_assert(a->set_public_key(a, pb));
	ck_assert(b->set_public_key(b, pa));
	ck_assert(a->get_shared_secret(a, &sa));
	ck_assert(b->get_shared_secret(b, &sb));
	ck_assert_uint_eq(sa.len, secret_len);
	assert_chunk(sa, sb);
	chunk_free(&pa);
	chunk_free(&pb);
	chunk_clear(&sa);
	chunk_clear(&sb);
	a->destroy(a);
	b->destroy(b);
}

/* A peer value that must be refused, leaving no secret. */
static void check_rejected(key_exchange_t *k, chunk_t value)
{
	chunk_t secret;

	ck_assert(!k->set_public_key(k, value));
	ck_assert(!k->get_shared_secret(k, &secret));
}

START_TEST(test_modp)
{
	static const key_exchange_method_t groups[] = {
		MODP_1024, MODP_1536, MODP_2048, MODP_3072, MODP_4096,
		MODP_6144, MODP_8192,
	};
	static const size_t bits[] = { 1024, 1536, 2048, 3072, 4096, 6144, 8192 };
	chunk_t a_priv = keep(chunk_alloc(32)), b_priv = keep(chunk_alloc(32));
	chunk_t pa, pb, s, v;
	key_exchange_t *a, *b;
	size_t i;

	for (i = 0; i < countof(groups); i++) {
		check_agreement(groups[i], bits[i] / 8, bits[i] / 8);
	}

	/* fixed private values 01..20 and 21..40; answers are SHA-256 of the
	 * padded values, computed with Python's pow() over the RFC 3526 prime
	 * built from its formula (2^2048 - 2^1984 - 1 + 2^64 * ([2^1918 pi] + 124476)) */
	for (i = 0; i < 32; i++) {
		a_priv.ptr[i] = (uint8_t)(i + 0x01);
		b_priv.ptr[i] = (uint8_t)(i + 0x21);
	}
	a = ke(MODP_2048);
	b = ke(MODP_2048);
	ck_assert(a->set_private_key(a, a_priv));
	ck_assert(b->set_private_key(b, b_priv));
	ck_assert(a->get_public_key(a, &pa));
	ck_assert(b->get_public_key(b, &pb));
	assert_chunk(sha256(pa), hx("0b9cb9036d2a594a7e3b43169bdf47ee9c7b64a2292203f1bb137b0b648d7e3c"));
	assert_chunk(sha256(pb), hx("25c675eaff92beae8b23106e4b21891c8ead2866b08bfbfc07aec55c0b240c64"));
	ck_assert(a->set_public_key(a, pb));
	ck_assert(a->get_shared_secret(a, &s));
	assert_chunk(sha256(s), hx("34b0ca644513fd183880d688087619047e47ccf9fa7a287d4735a5125097db9a"));
	chunk_clear(&s);

	/* invalid peer values: 0, 1, above p, wrong lengths */
	v = keep(chunk_alloc(256));
	memset(v.ptr, 0, v.len);
	check_rejected(a, v);
	v.ptr[255] = 1;
	check_rejected(a, v);
	memset(v.ptr, 0xff, v.len);
	check_rejected(a, v);
	memcpy(v.ptr, pb.ptr, pb.len);
	check_rejected(a, chunk_head(v, 255));
	check_rejected(a, keep(chunk_cat(2, hx("00"), pb)));
	/* still works with a good value after all that */
	ck_assert(a->set_public_key(a, pb));
	chunk_free(&pa);
	chunk_free(&pb);
	a->destroy(a);
	b->destroy(b);

	/* RFC 2409 group 2, explicit parameters */
	a = ke(MODP_1024);
	b = ke(MODP_1024);
	ck_assert(a->set_private_key(a, a_priv));
	ck_assert(b->set_private_key(b, b_priv));
	ck_assert(a->get_public_key(a, &pa));
	ck_assert(b->get_public_key(b, &pb));
	assert_chunk(sha256(pa), hx("3e5e53f04e5eeec9a4732ead2dc7f2ffad5d7f6aab19395b4a8130e8ec660251"));
	assert_chunk(sha256(pb), hx("d35f9b55b9be4187bc14f4956f8e5bf21f1e5703c7240b720733189185db91bd"));
	ck_assert(b->set_public_key(b, pa));
	ck_assert(b->get_shared_secret(b, &s));
	assert_chunk(sha256(s), hx("acd15b77189f3d4817393a5cc6198e988d1de0ba61293bb4d737cfe7c73d8bc5"));
	chunk_clear(&s);
	v = keep(chunk_alloc(128));
	memset(v.ptr, 0xff, v.len);
	check_rejected(b, v);
	chunk_free(&pa);
	chunk_free(&pb);
	a->destroy(a);
	b->destroy(b);

	ck_assert_ptr_null(lib->crypto->create_ke(lib->crypto, MODP_768));
}
END_TEST

/* RFC 5903 §8: each side's private value gives its published public value,
 * and the shared secret is the x coordinate of the published point. */
static void check_ecp(key_exchange_method_t method, const char *i, const char *gi,
		      const char *r, const char *gr, const char *girx)
{
	key_exchange_t *a = ke(method), *b = ke(method);
	chunk_t pub, s, bad;

	ck_assert(a->set_private_key(a, hx(i)));
	ck_assert(a->get_public_key(a, &pub));
	assert_chunk(pub, hx(gi));
	chunk_free(&pub);
	ck_assert(b->set_private_key(b, hx(r)));
	ck_assert(b->get_public_key(b, &pub));
	assert_chunk(pub, hx(gr));
	chunk_free(&pub);

	ck_assert(a->set_public_key(a, hx(gr)));
	ck_assert(a->get_shared_secret(a, &s));
	assert_chunk(s, hx(girx));
	chunk_clear(&s);
	ck_assert(b->set_public_key(b, hx(gi)));
	ck_assert(b->get_shared_secret(b, &s));
	assert_chunk(s, hx(girx));
	chunk_clear(&s);

	/* off the curve, with the 0x04 prefix, truncated, all zeros */
	bad = keep(chunk_clone(hx(gr)));
	bad.ptr[bad.len - 1] ^= 0x01;
	check_rejected(a, bad);
	check_rejected(a, keep(chunk_cat(2, hx("04"), hx(gr))));
	check_rejected(a, chunk_head(hx(gr), bad.len - 1));
	memset(bad.ptr, 0, bad.len);
	check_rejected(a, bad);
	ck_assert(!a->set_private_key(a, chunk_head(hx(i), 5)));
	a->destroy(a);
	b->destroy(b);
}

START_TEST(test_ecp)
{
	check_ecp(ECP_256,
		  "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
		  "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
		  "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
		  "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
		  "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
		  "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
		  "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
	check_ecp(ECP_384,
		  "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655"
		  "e35b538041e649ee3faef896783ab194",
		  "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6"
		  "de3ac808acb4bdb4c88732aee95f41aa"
		  "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38e"
		  "eb9fcff3c2c947dae69b4c634573a81c",
		  "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942"
		  "e0308312916b8ed2960e4bd55a7448fc",
		  "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d"
		  "0d1ac43a0336def96fda41d0774a3571"
		  "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1ff"
		  "f83fa40142209dff5eaad96db9e6386c",
		  "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4"
		  "d603135569b9e9d09cf5d4a270f59746");
	check_agreement(ECP_256, 64, 32);
	check_agreement(ECP_384, 96, 48);
	check_agreement(ECP_521, 132, 66);
}
END_TEST

/* RFC 7748 §6.1 (X25519) and §6.2 (X448). */
static void check_ecx(key_exchange_method_t method, const char *a_priv,
		      const char *a_pub, const char *b_priv, const char *b_pub,
		      const char *shared)
{
	key_exchange_t *a = ke(method), *b = ke(method);
	chunk_t pub, s, low;

	ck_assert(a->set_private_key(a, hx(a_priv)));
	ck_assert(b->set_private_key(b, hx(b_priv)));
	ck_assert(a->get_public_key(a, &pub));
	assert_chunk(pub, hx(a_pub));
	chunk_free(&pub);
	ck_assert(b->get_public_key(b, &pub));
	assert_chunk(pub, hx(b_pub));
	chunk_free(&pub);
	ck_assert(a->set_public_key(a, hx(b_pub)));
	ck_assert(a->get_shared_secret(a, &s));
	assert_chunk(s, hx(shared));
	chunk_clear(&s);
	ck_assert(b->set_public_key(b, hx(a_pub)));
	ck_assert(b->get_shared_secret(b, &s));
	assert_chunk(s, hx(shared));
	chunk_clear(&s);

	/* small-order points u = 0 and u = 1 give an all-zero secret
	 * (RFC 7748 §6, RFC 8031 §2); wrong lengths are malformed */
	low = keep(chunk_alloc(hx(a_pub).len));
	memset(low.ptr, 0, low.len);
	check_rejected(a, low);
	low.ptr[0] = 1;
	check_rejected(a, low);
	check_rejected(a, chunk_head(hx(b_pub), low.len - 1));
	ck_assert(!a->set_private_key(a, chunk_head(hx(a_priv), 31)));
	a->destroy(a);
	b->destroy(b);
}

START_TEST(test_ecx)
{
	check_ecx(CURVE_25519,
		  "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
		  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
		  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
		  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
		  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
	check_ecx(CURVE_448,
		  "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf5"
		  "74a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
		  "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bb"
		  "c836647241d953d40c5b12da88120d53177f80e532c41fa0",
		  "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120"
		  "bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
		  "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972"
		  "fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
		  "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56"
		  "fd2464c335543936521c24403085d59a449a5037514a879d");
	check_agreement(CURVE_25519, 32, 32);
	check_agreement(CURVE_448, 56, 56);
}
END_TEST

START_TEST(test_rng)
{
	static const rng_quality_t q[] = { RNG_WEAK, RNG_STRONG, RNG_TRUE };
	uint8_t zero[64] = { 0 };
	chunk_t a, b, big;
	rng_t *rng;
	size_t i;

	for (i = 0; i < countof(q); i++) {
		rng = lib->crypto->create_rng(lib->crypto, q[i]);
		ck_assert_msg(rng, "no %s", rng_quality_name(q[i]));
		ck_assert(rng->allocate_bytes(rng, 64, &a));
		ck_assert(rng->allocate_bytes(rng, 64, &b));
		ck_assert_uint_eq(a.len, 64);
		ck_assert(!chunk_equals(a, b));
		ck_assert(!chunk_equals(a, chunk_from_thing(zero)));
		chunk_clear(&a);
		chunk_clear(&b);
		ck_assert(rng->get_bytes(rng, sizeof(zero), zero));
		ck_assert(rng->get_bytes(rng, 0, zero));
		ck_assert(rng->allocate_bytes(rng, 1 << 20, &big));
		ck_assert_uint_eq(big.len, 1 << 20);
		chunk_clear(&big);
		memset(zero, 0, sizeof(zero));
		rng->destroy(rng);
	}
}
END_TEST

static TCase *add_tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

Suite *make_suite(void)
{
	Suite *s = suite_create("crypto_vectors");
	TCase *tc;

	tc = add_tcase(s, "plugin");
	tcase_add_test(tc, test_features);

	tc = add_tcase(s, "ciphers");
	tcase_add_test(tc, test_aes_cbc);
	tcase_add_test(tc, test_aes_ctr);
	tcase_add_test(tc, test_3des);
	tcase_add_test(tc, test_aes_gcm);
	tcase_add_test(tc, test_chacha20_poly1305);

	tc = add_tcase(s, "hashes and macs");
	tcase_add_test(tc, test_hashers);
	tcase_add_test(tc, test_hmac);
	tcase_add_test(tc, test_cmac);
	tcase_add_test(tc, test_prf_plus);

	tc = add_tcase(s, "key exchange");
	/* MODP 8192 under valgrind takes a while */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_modp);
	tcase_add_test(tc, test_ecp);
	tcase_add_test(tc, test_ecx);

	tc = add_tcase(s, "rng");
	tcase_add_test(tc, test_rng);
	return s;
}

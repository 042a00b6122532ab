/**
 * @file esp_spd.h
 * Outbound security policy database: which SA protects a packet read from
 * the TUN device.
 *
 * Policies pair a source and a destination TS with a reqid; the outbound
 * SA is bound to the reqid separately, so a rekey swaps one binding for
 * all policies of a CHILD_SA. Lookups scan a compact array under a read
 * lock, which for the handful of policies a gateway has beats any index.
 */
#ifndef ESP_SPD_H
#define ESP_SPD_H

#include "esp_flow.h"
#include "esp_sa.h"

typedef struct esp_spd_t esp_spd_t;

struct esp_spd_t {

	/**
	 * Install a policy.
	 *
	 * @param src		source TS (local side for outbound traffic)
	 * @param dst		destination TS
	 * @param reqid		binds the policy to an SA via set_sa(), not 0
	 * @param priority	lower values are matched first; equal ones in
	 *			insertion order
	 * @return		SUCCESS, ALREADY_DONE if an identical policy exists,
	 *			INVALID_ARG for mixed families or reqid 0,
	 *			OUT_OF_RES
	 */
	status_t (*add_policy)(esp_spd_t *this, const esp_ts_t *src,
			       const esp_ts_t *dst, uint32_t reqid,
			       uint32_t priority);

	/**
	 * Remove a policy added with the same TS and reqid.
	 *
	 * @return		SUCCESS or NOT_FOUND
	 */
	status_t (*del_policy)(esp_spd_t *this, const esp_ts_t *src,
			       const esp_ts_t *dst, uint32_t reqid);

	/**
	 * Bind the outbound SA of a reqid, replacing any previous one.
	 *
	 * @param reqid		reqid of the policies
	 * @param sa		SA to use (the SPD takes a reference of its own),
	 *			or NULL to unbind (packets then trigger acquires)
	 * @return		SUCCESS, OUT_OF_RES
	 */
	status_t (*set_sa)(esp_spd_t *this, uint32_t reqid, esp_sa_t *sa);

	/**
	 * Find the policy of a packet and its SA.
	 *
	 * @param pkt		IPv4 or IPv6 packet
	 * @param len		its length
	 * @param reqid		receives the matching policy's reqid, 0 if none
	 * @return		referenced SA (release with destroy()), NULL if no
	 *			policy matches or its reqid has no SA (acquire)
	 */
	esp_sa_t *(*lookup)(esp_spd_t *this, const uint8_t *pkt, size_t len,
			    uint32_t *reqid);

	/**
	 * Same as lookup() for already parsed selectors.
	 */
	esp_sa_t *(*lookup_flow)(esp_spd_t *this, const esp_flow_t *flow,
				 uint32_t *reqid);

	/**
	 * Number of installed policies.
	 */
	unsigned int (*get_count)(esp_spd_t *this);

	/**
	 * Free the SPD, releasing its SA references.
	 */
	void (*destroy)(esp_spd_t *this);
};

/**
 * Create an empty SPD.
 */
esp_spd_t *esp_spd_create(void);

#endif

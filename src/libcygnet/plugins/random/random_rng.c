/*
 * Kernel-backed RNGs.
 *
 * getrandom(2) without flags blocks only until the kernel pool is first
 * seeded and then never again, which is what RNG_WEAK and RNG_STRONG need.
 * RNG_TRUE asks for the blocking pool with GRND_RANDOM (since Linux 5.6 it
 * behaves like the default pool once seeded, earlier kernels may block);
 * where getrandom is missing (ENOSYS, old kernels or seccomp filters) we
 * read /dev/urandom or /dev/random instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include "random_rng.h"

typedef struct private_random_rng_t {
	rng_t public;
	rng_quality_t quality;
} private_random_rng_t;

static bool read_device(const char *device, size_t len, uint8_t *buffer)
{
	ssize_t got;
	int fd;

	fd = open(device, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		DBG1(DBG_LIB, "opening %s failed: %s", device, strerror(errno));
		return false;
	}
	while (len)
	{
		got = read(fd, buffer, len);
		if (got < 0 && errno == EINTR)
		{
			continue;
		}
		if (got <= 0)
		{
			DBG1(DBG_LIB, "reading %s failed: %s", device,
			     got ? strerror(errno) : "end of file");
			close(fd);
			return false;
		}
		buffer += got;
		len -= got;
	}
	close(fd);
	return true;
}

static bool get_bytes(rng_t *public, size_t len, uint8_t *buffer)
{
	private_random_rng_t *this = (private_random_rng_t *)public;
	unsigned int flags = this->quality == RNG_TRUE ? GRND_RANDOM : 0;
	ssize_t got;

	/* GRND_RANDOM may return fewer bytes than asked for, and any call can
	 * be interrupted by a signal: loop until the buffer is full */
	while (len)
	{
		got = getrandom(buffer, len, flags);
		if (got < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			if (errno == ENOSYS)
			{
				return read_device(this->quality == RNG_TRUE ?
						   "/dev/random" : "/dev/urandom",
						   len, buffer);
			}
			DBG1(DBG_LIB, "getrandom failed: %s", strerror(errno));
			return false;
		}
		buffer += got;
		len -= got;
	}
	return true;
}

static bool allocate_bytes(rng_t *public, size_t len, chunk_t *chunk)
{
	*chunk = chunk_alloc(len);
	if (!get_bytes(public, len, chunk->ptr))
	{
		chunk_clear(chunk);
		return false;
	}
	return true;
}

static void destroy(rng_t *public)
{
	free(public);
}

rng_t *random_rng_create(rng_quality_t quality)
{
	private_random_rng_t *this;

	if (quality < RNG_WEAK || quality > RNG_TRUE)
	{
		return NULL;
	}
	this = mem_zalloc(sizeof(*this));
	*this = (private_random_rng_t){
		.public = {
			.get_bytes = get_bytes,
			.allocate_bytes = allocate_bytes,
			.destroy = destroy,
		},
		.quality = quality,
	};
	return &this->public;
}

"""How passwords are stored: Argon2id with parameters sized for this application's servers.

Django's own `Argon2PasswordHasher` (argon2id, 100 MiB, 8 lanes, 2 passes) costs about 0.2 s of
CPU per check here; PBKDF2 with Django 5.2's 1.2 M iterations about 0.5 s. Either way a
morning when a province's officers log in together saturates a 2-core server. These
parameters cost about 60 ms of one core per check (measured in docs/performance.md) and still
need 32 MiB of memory per guess, which is what makes Argon2 expensive for an attacker's GPU.

The hash keeps Django's "argon2" prefix and encodes its own parameters, so Django verifies
hashes made with other parameters and re-hashes them at the next login (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

TIME_COST = 2
MEMORY_COST_KIB = 32 * 1024
PARALLELISM = 1  # one core per login: two cores serve two logins at once, not one


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = TIME_COST
    memory_cost = MEMORY_COST_KIB
    parallelism = PARALLELISM

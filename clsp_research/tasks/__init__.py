"""The CLSP's own tasks: need and provision, funding co-ordination, referrals, interlocking memberships.

- :mod:`~clsp_research.tasks.provision`: need against provision by area and category of law;
- :mod:`~clsp_research.tasks.funding`: who funds what, duplication, dependency, withdrawal;
- :mod:`~clsp_research.tasks.referrals`: how seamless the referral network is;
- :mod:`~clsp_research.tasks.interlocks`: the same few people on many bodies.
"""

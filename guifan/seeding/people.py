"""Party members of the sample city: names, ethnicity, dates, education, ID numbers and phones."""

import datetime as dt
import random

from guifan.core import idcard
from guifan.members.models import Member

from .params import Weighted, sample

DAYS_PER_YEAR = 365.25


class MemberMaker:
    """Draws members for one county; ID numbers use the county's code and are unique across the register."""

    def __init__(self, rng: random.Random, county_code: str, ethnicity: dict, names, today: dt.date):
        params = sample()["members"]
        self.rng = rng
        self.today = today
        self.names = names
        self.county_code = county_code
        old = sample().get("old_id_codes", {}).get(county_code)
        self.old_code = (old["code"], old["until"]) if old else None
        self.ethnicity = Weighted(ethnicity)
        self.status = Weighted(params["status"])
        self.probationary = params["probationary"]
        self.phone_share = params["phone_share"]
        self.phone_prefixes = params["phone_prefixes"]
        self.join_age = params["join_age"]
        self.profiles = {
            key: (p["male"], p["age"], Weighted(p["education"])) for key, p in params["profiles"].items()
        }

    def make(self, register, branch, count: int, profile: str) -> list[Member]:
        made = [self._one(register, branch, profile) for _ in range(count)]
        register.members.extend(made)
        return made

    def _one(self, register, branch, profile: str) -> Member:
        rng, today = self.rng, self.today
        male_share, (age_mean, age_sd, age_min, age_max), education = self.profiles[profile]
        male = rng.random() < male_share
        age = min(max(rng.gauss(age_mean, age_sd), age_min), age_max)
        birth = today - dt.timedelta(days=int(age * DAYS_PER_YEAR) + rng.randrange(365))
        adult = birth + dt.timedelta(days=int(self.join_age[0] * DAYS_PER_YEAR) + 1)
        if rng.random() < self.probationary:
            category, joined, status = self._probation(adult)
        else:
            category = Member.Category.FULL
            latest = min(birth + dt.timedelta(days=int(self.join_age[1] * DAYS_PER_YEAR)), today - dt.timedelta(400))
            joined = adult + dt.timedelta(days=rng.randrange(max((latest - adult).days, 1)))
            status = self.status.pick(rng)
        member = Member(
            pk=register.member_pk(), name=self.names.person(male),
            gender=Member.Gender.MALE if male else Member.Gender.FEMALE,
            ethnicity=self.ethnicity.pick(rng), birth_month=idcard.first_of_month(birth),
            education=education.pick(rng), joined_on=joined,
            category=category, status=status, organisation_id=branch.pk,
        )
        member.set_id_number(self._id_number(register.used_id_numbers, birth, male))
        member.seed_birth = birth  # the day is not stored (only the ID number has it): for make_probationary
        if rng.random() < self.phone_share:
            member.set_phone(rng.choice(self.phone_prefixes) + f"{rng.randrange(10**8):08d}")
        return member

    def _probation(self, adult: dt.date) -> tuple:
        """Category, date of joining (within the last year, never before 18) and status of a probationary member."""
        joined = max(self.today - dt.timedelta(days=self.rng.randrange(1, 360)), adult)
        return Member.Category.PROBATIONARY, joined, Member.Status.NORMAL

    def make_probationary(self, member: Member) -> None:
        adult = member.seed_birth + dt.timedelta(days=int(self.join_age[0] * DAYS_PER_YEAR) + 1)
        member.category, member.joined_on, member.status = self._probation(adult)

    def _id_number(self, used: set, birth: dt.date, male: bool) -> str:
        code = self.county_code
        if self.old_code and birth <= self.old_code[1]:
            code = self.old_code[0]
        while True:
            number = idcard.generate(self.rng, code, birth, male)
            if number not in used:
                used.add(number)
                return number

"""The tree base of regions and organisations: a materialised path, its depth, ancestors, subtrees, moves.

A node's path is its ancestors' keys and its own, each followed by a slash: `/450300/450321/450321100/` (regions,
by code) or `/12/345/` (organisations, by primary key). So "everything under X" is one indexed prefix query
(`path LIKE 'X.path%'`) on SQLite, PostgreSQL and MySQL alike, the ancestors are read from the path without a
query per level, and moving a subtree is one UPDATE that swaps the old prefix of every descendant's path for the
new one (`subtree_moved` is sent afterwards, so that apps above can rebuild what they keep per node).

A concrete model declares `parent = models.ForeignKey("self", ...)` and names the field its path is made of
(`path_key = "code"` or `"pk"`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes

# Sent after a subtree moved, with sender=the model, node=the moved node (its new path saved) and old_path.
subtree_moved = Signal()


def depth_of(path: str) -> int:
    """0 for a root (`/a/`), 1 for its children, …"""
    return path.count("/") - 2


def path_keys(path: str) -> list[str]:
    """The keys along a path, root first: `/1/5/9/` -> ["1", "5", "9"]."""
    return [key for key in path.strip("/").split("/") if key]


class TreeQuerySet(models.QuerySet):
    def within(self, node):
        """The node and everything under it: one indexed prefix query."""
        return self.filter(path__startswith=node.path)

    def below(self, node):
        """Everything under the node, without it."""
        return self.within(node).exclude(pk=node.pk)


class TreeNode(models.Model):
    path_key = "pk"  # the field whose value is the node's segment of the path

    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"parent", self.path_key} & set(update_fields):
            return super().save(*args, **kwargs)  # nothing the path is made of changes
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "path", "depth"}
        old_path = self.path
        if self.path_key == "pk" and self.pk is None:
            self.path, old_path = "/", ""  # the key exists only after the INSERT
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k not in ("force_insert", "using")}
        self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            self.move_descendants(old_path)

    def path_segment(self) -> str:
        return str(getattr(self, self.path_key))

    def compute_path(self) -> None:
        """Path and depth from the parent's path; an organisation needs its primary key first (saved objects)."""
        parent_path = self.parent.path if self.parent_id else "/"
        self.path = f"{parent_path}{self.path_segment()}/"
        self.depth = depth_of(self.path)

    def move_descendants(self, old_path: str) -> int:
        """Rewrites the paths (and depths) of everything that was under `old_path` to lie under this node's new
        path: one UPDATE, whatever the size of the subtree. Returns how many descendants moved."""
        model = type(self)
        shift = self.depth - depth_of(old_path)
        depth = F("depth") + shift if shift >= 0 else F("depth") - (-shift)
        moved = (model._default_manager.filter(path__startswith=old_path).exclude(pk=self.pk)
                 .update(path=Concat(Value(self.path), Substr("path", len(old_path) + 1),
                                     output_field=models.CharField()), depth=depth))
        subtree_moved.send(sender=model, node=self, old_path=old_path)
        return moved

    def ancestor_keys(self) -> list[str]:
        """The keys of the ancestors, root first (from the path: no query)."""
        return path_keys(self.path)[:-1]

    def ancestors(self) -> list:
        """The ancestors, root first: one query."""
        keys = self.ancestor_keys()
        if not keys:
            return []
        return list(type(self)._default_manager.filter(**{f"{self.path_key}__in": keys}).order_by("depth"))

    def subtree(self):
        """The node and its descendants (a queryset)."""
        return type(self)._default_manager.filter(path__startswith=self.path)

    def descendants(self):
        return self.subtree().exclude(pk=self.pk)


class TreeFilter(django_filters.Filter):
    """Rows within the subtree of one node, the node given by its key in the query string: `?region=450321`,
    `?organisation=12`. `tree` is the node model, `key` the field the value names, `path` the lookup to the rows'
    path (`"path"` for the tree itself, `"organisation__path"` for rows hanging from it); `include_self=False` leaves
    the node itself out. An unknown node matches nothing."""

    def __init__(self, *args, tree, key="pk", path="path", include_self=True, **kwargs):
        self.field_class = forms.IntegerField if key == "pk" else forms.CharField
        self.tree, self.key, self.path, self.include_self = tree, key, path, include_self
        # The OpenAPI type of the value, for drf-spectacular (which would otherwise look for a model field of the
        # filter's name, e.g. a member's "region", and warn in `check --deploy`).
        self._spectacular_annotation = {"field": OpenApiTypes.INT if key == "pk" else OpenApiTypes.STR}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        if isinstance(value, str):
            value = value.strip()
        node = self.tree._default_manager.filter(**{self.key: value}).only("path").first()
        if node is None:
            return qs.none()
        qs = qs.filter(**{f"{self.path}__startswith": node.path})
        return qs if self.include_self else qs.exclude(**{self.path: node.path})

"""Deciding a component's license from its sources, and following its lineage."""

from __future__ import annotations

from aibom import licenses
from aibom.core.licensing import LicenseSource
from aibom.core.model import (
    Component,
    Ecosystem,
    Evidence,
    LicenseFile,
    LocalModel,
    ModelCard,
    WeightFile,
)
from aibom.licenses.db import LicenseDb
from aibom.licenses.known import KnownModels
from tests.licenses.conftest import ALPHA_TEXT

SEEN = (Evidence("app.py", 1, 1, "x", "python"),)


def hub(name: str, bases: tuple[str, ...] = ()) -> Component:
    return Component(name, Ecosystem.HUGGINGFACE, SEEN, base_models=bases)


def local(model: LocalModel, bases: tuple[str, ...] = ()) -> Component:
    return Component(model.path, Ecosystem.LOCAL_FILE, SEEN, local=model, base_models=bases)


def run(db: LicenseDb, known: KnownModels, *components: Component) -> dict[str, Component]:
    return {c.name: c for c in licenses.apply(tuple(components), db, known)}


def test_known_model_table_with_flags(small_db: LicenseDb, small_known: KnownModels) -> None:
    done = run(
        small_db,
        small_known,
        hub("alpha-labs/Alpha-2-11B-Vision-Instruct"),
        hub("alpha-labs/Alpha-2-7B"),
        hub("alpha-labs/Alpha-9-Future"),
        hub("other/x"),
    )
    vision = done["alpha-labs/Alpha-2-11B-Vision-Instruct"].licensing
    assert vision is not None
    assert (vision.key, vision.source, vision.multimodal, vision.unverified) == (
        "alpha-2.0",
        LicenseSource.KNOWN_MODEL,
        True,
        False,
    )
    future = done["alpha-labs/Alpha-9-Future"].licensing
    assert future is not None and future.key == "alpha-2.0" and future.unverified
    unknown = done["other/x"].licensing
    assert unknown is not None and unknown.key is None and unknown.source is LicenseSource.NONE


def test_license_file_beats_the_card_and_the_conflict_is_kept(
    small_db: LicenseDb, small_known: KnownModels
) -> None:
    model = LocalModel(
        "models/ft",
        card=ModelCard("models/ft/README.md", license="beta"),
        license_files=(LicenseFile("models/ft/LICENSE", "0" * 64, ALPHA_TEXT),),
    )
    licensing = run(small_db, small_known, local(model))["models/ft"].licensing
    assert licensing is not None
    assert (licensing.key, licensing.source) == ("alpha-2.0", LicenseSource.LICENSE_FILE)
    assert [(c.source, c.key) for c in licensing.conflicts] == [(LicenseSource.CARD, "beta-1")]


def test_card_license_name_and_link(small_db: LicenseDb, small_known: KnownModels) -> None:
    by_name = LocalModel(
        "a", card=ModelCard("a/README.md", license="other", license_name="alpha license 2")
    )
    by_link = LocalModel(
        "b",
        card=ModelCard(
            "b/README.md",
            license="other",
            license_link="https://github.com/alpha-labs/models/blob/main/LICENSE",
        ),
    )
    unknown = LocalModel(
        "c", card=ModelCard("c/README.md", license="other", license_name="acme-secret-license")
    )
    done = run(small_db, small_known, local(by_name), local(by_link), local(unknown))
    assert done["a"].licensing and done["a"].licensing.key == "alpha-2.0"
    assert done["b"].licensing and done["b"].licensing.key == "alpha-2.0"
    unknown_licensing = done["c"].licensing
    assert unknown_licensing is not None and unknown_licensing.key is None
    assert "acme-secret-license" in unknown_licensing.notes[0]


def test_weight_metadata_and_changed_license_text(
    small_db: LicenseDb, small_known: KnownModels
) -> None:
    gguf = LocalModel(
        "m.gguf", files=(WeightFile("m.gguf", 10, "gguf", (("general.license", "beta"),)),)
    )
    changed_text = ALPHA_TEXT.replace("50 million", "5 million").replace(
        "Delaware", "Freedonia, whose courts alone decide every dispute of any nature"
    )
    edited = LocalModel(
        "e",
        files=(WeightFile("e/model.safetensors", 1, "safetensors"),),
        license_files=(LicenseFile("e/LICENSE", "1" * 64, changed_text),),
    )
    done = run(small_db, small_known, local(gguf), local(edited))
    weights = done["m.gguf"].licensing
    assert weights is not None
    assert (weights.key, weights.source) == ("beta-1", LicenseSource.WEIGHTS)
    changed = done["e"].licensing
    assert changed is not None and changed.changed_text and changed.unverified
    assert changed.key == "alpha-2.0"


def test_hosted_api_models_have_no_model_license(
    small_db: LicenseDb, small_known: KnownModels
) -> None:
    api = Component("gpt-4o", Ecosystem.API_SERVICE, SEEN, provider="openai")
    licensing = run(small_db, small_known, api)["gpt-4o"].licensing
    assert (
        licensing is not None and licensing.key is None and "terms of service" in licensing.notes[0]
    )


def test_lineage_unions_terms_and_says_where_each_comes_from(
    small_db: LicenseDb, small_known: KnownModels
) -> None:
    adapter = LocalModel("lora", card=ModelCard("lora/README.md", license="beta"))
    done = run(
        small_db,
        small_known,
        local(adapter, bases=("acme/merged",)),
        Component(
            "acme/merged", Ecosystem.HUGGINGFACE, SEEN, base_models=("alpha-labs/Alpha-2-7B",)
        ),
    )
    licensing = done["lora"].licensing
    assert licensing is not None
    assert licensing.key == "beta-1"
    assert licensing.lineage == ("acme/merged", "alpha-labs/Alpha-2-7B")
    by_term = {(t.term.name, t.license, t.origin) for t in licensing.effective_terms}
    assert ("attribution", "beta-1", "lora") in by_term
    assert ("user_threshold", "alpha-2.0", "alpha-labs/Alpha-2-7B") in by_term
    assert ("restricts_training_other_models", "alpha-2.0", "alpha-labs/Alpha-2-7B") in by_term


def test_lineage_cycles_and_depth_are_bounded(
    small_db: LicenseDb, small_known: KnownModels
) -> None:
    loop = (hub("x/a", ("x/b",)), hub("x/b", ("x/a",)))
    done = run(small_db, small_known, *loop)
    licensing = done["x/a"].licensing
    assert licensing is not None and licensing.lineage == ("x/b",)
    chain = tuple(hub(f"x/m{i}", (f"x/m{i + 1}",)) for i in range(30))
    deep = run(small_db, small_known, *chain)["x/m0"].licensing
    assert deep is not None and len(deep.lineage) == 8  # MAX_DEPTH links, then it stops

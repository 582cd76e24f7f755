"""Tests for the autoencoders notebook: compute
(course_lib.lessons.autoencoders_pretraining.compute), drawing, explorers and exercises."""

import numpy as np
import pytest
from explorer_tools import assert_exercise_verdicts, assert_figure_ok, drive_grid, untranslated, visible_texts
from matplotlib.figure import Figure

from course_lib.activations import sigmoid
from course_lib.gradcheck import numerical_gradient, rel_error
from course_lib.layers import Activation, Dense
from course_lib.lessons.autoencoders_pretraining import checks as exercises
from course_lib.lessons.autoencoders_pretraining import compute as ae
from course_lib.lessons.autoencoders_pretraining import explorers, figures
from course_lib.losses import binary_cross_entropy, binary_cross_entropy_with_logits
from course_lib.model import Sequential

# ----------------------------------------------------------------------------------------------------
# Building and training
# ----------------------------------------------------------------------------------------------------


def test_autoencoder_shapes_and_shared_layers():
    rng = np.random.default_rng(0)
    encoder, decoder, autoencoder = ae.build_autoencoder(64, 8, rng, hidden=(32, 16))
    dense_shapes = [layer.params["W"].shape for layer in autoencoder.layers if isinstance(layer, Dense)]
    assert dense_shapes == [(64, 32), (32, 16), (16, 8), (8, 16), (16, 32), (32, 64)]   # a mirror image
    assert all(a is b for a, b in zip(autoencoder.layers, encoder.layers + decoder.layers))   # the same objects
    X = rng.random((5, 64))
    assert encoder.predict(X).shape == (5, 8)
    np.testing.assert_allclose(autoencoder.predict(X), decoder.predict(encoder.predict(X)))
    assert isinstance(decoder.layers[-1], Dense)                     # the output has no activation: logits
    acts = [layer.name_ for layer in encoder.layers if isinstance(layer, Activation)]
    assert acts == ["relu", "relu", "relu"]


def test_code_activation_and_initializer_choice():
    rng = np.random.default_rng(1)
    encoder, _, _ = ae.build_autoencoder(64, 2, rng, hidden=(32,), code_activation="linear")
    assert [layer.name_ for layer in encoder.layers if isinstance(layer, Activation)] == ["relu", "linear"]
    # He-uniform in front of ReLU: |W| ≤ √(6/64) = 0.306; Glorot in front of the linear code: √(6/34) = 0.420
    assert encoder.layers[0].init_name == "he_uniform" and encoder.layers[2].init_name == "glorot_uniform"
    assert np.abs(encoder.layers[0].params["W"]).max() <= np.sqrt(6 / 64)


def test_autoencoder_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    _, _, autoencoder = ae.build_autoencoder(6, 3, rng, hidden=(4,), activation="tanh", code_activation="sigmoid")
    X = rng.random((5, 6))
    out = autoencoder.forward(X)
    _, d_out = binary_cross_entropy_with_logits(out, X)
    autoencoder.backward(d_out)
    analytic = {name: grad.copy() for name, _, grad in autoencoder.parameters()}
    for name, W, _ in autoencoder.parameters():
        numeric = numerical_gradient(lambda _: binary_cross_entropy_with_logits(autoencoder.forward(X), X)[0], W)
        assert rel_error(analytic[name], numeric) < 1e-6, name


def test_reconstruct_applies_the_sigmoid_only_for_bce():
    rng = np.random.default_rng(3)
    _, _, autoencoder = ae.build_autoencoder(64, 8, rng)
    X = rng.random((4, 64))
    logits = autoencoder.predict(X)
    np.testing.assert_allclose(ae.reconstruct(autoencoder, X), sigmoid(logits))
    np.testing.assert_allclose(ae.reconstruct(autoencoder, X, "mse"), logits)
    with pytest.raises(ValueError, match="loss must be one of"):
        ae.reconstruct(autoencoder, X, "hinge")


def test_corrupt_clips_and_has_the_right_noise_level():
    rng = np.random.default_rng(4)
    X = np.full((200, 50), 0.5)
    noisy = ae.corrupt(X, 0.1, rng)
    assert noisy.min() >= 0 and noisy.max() <= 1
    # σ = 0.1 around 0.5: clipping at 5σ is practically never reached; 10,000 draws give std within ~2%
    assert abs(noisy.mean() - 0.5) < 0.005 and abs(noisy.std() - 0.1) < 0.003
    loud = ae.corrupt(X, 5.0, rng)                      # σ = 5: most pixels are pushed out and clipped to 0 or 1
    assert loud.min() == 0.0 and loud.max() == 1.0 and np.mean((loud == 0) | (loud == 1)) > 0.9
    np.testing.assert_array_equal(ae.corrupt(X, 0.0, rng), X)
    with pytest.raises(ValueError, match="noise_std"):
        ae.corrupt(X, -0.1, rng)


def test_training_lowers_the_loss_and_is_reproducible():
    X_train, _, _, _ = ae.digit_split(0)
    X = X_train[:300]
    runs = []
    for _ in range(2):
        rng = np.random.default_rng(5)
        _, _, autoencoder = ae.build_autoencoder(64, 16, rng)
        runs.append(ae.train_autoencoder(autoencoder, X, rng, noise_std=0.2, epochs=4))
    assert len(runs[0]) == 4 and runs[0] == runs[1]
    assert runs[0][-1] < runs[0][0]


def test_denoising_lowers_the_gain_of_an_overcomplete_autoencoder():
    # A statistical check of the notebook's claim, on a smaller run: the plain over-complete autoencoder lets
    # more of a small input change through (gain) and cleans noisy digits worse than the denoising one.
    grid = ae.autoencoder_grid(code_sizes=(128,), noise_levels=(0.0, 0.4), epochs=6)
    gain, denoising = grid["gain"][0], grid["denoising_error"][0]
    assert gain[0] > 2 * gain[1]
    assert denoising[0] > denoising[1]
    assert grid["clean_error"][0, 0] < grid["clean_error"][0, 1]     # but it copies clean digits better


# ----------------------------------------------------------------------------------------------------
# Measures, PCA, neighbours
# ----------------------------------------------------------------------------------------------------


def test_reconstruction_error_by_hand():
    X = np.array([[0.0, 1.0], [0.5, 0.5]])
    X_hat = np.array([[0.5, 0.0], [0.5, 1.0]])
    # row 1: ((0.5)² + 1²)/2 = 1.25/2 = 0.625;  row 2: (0² + 0.5²)/2 = 0.125
    np.testing.assert_allclose(ae.reconstruction_error(X, X_hat), [0.625, 0.125])
    with pytest.raises(ValueError, match="X_hat must have the shape"):
        ae.reconstruction_error(X, X_hat[:1])


def test_bce_floor_is_the_entropy_and_the_minimum_of_bce():
    assert ae.bce_floor(np.array([[0.0, 1.0, 1.0, 0.0]])) == 0.0            # black and white: no floor
    assert ae.bce_floor(np.array([[0.5]])) == pytest.approx(np.log(2))      # H(1/2) = ln 2 = 0.6931
    X = np.random.default_rng(6).uniform(0.05, 0.95, (10, 8))
    floor = ae.bce_floor(X)
    assert floor == pytest.approx(binary_cross_entropy(X, X)[0], rel=1e-12)
    assert binary_cross_entropy(np.clip(X + 0.05, 0, 1), X)[0] > floor   # any other x̂ does worse
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        ae.bce_floor(np.array([[1.5]]))


def test_perturbation_gain_of_simple_maps():
    rng = np.random.default_rng(7)
    X = rng.random((20, 10))
    assert ae.perturbation_gain(lambda Z: Z, X, rng) == pytest.approx(1.0)
    assert ae.perturbation_gain(lambda Z: 0.5 * Z, X, rng) == pytest.approx(0.25)   # (0.5)² of the change
    assert ae.perturbation_gain(lambda Z: np.zeros_like(Z), X, rng) == 0.0


def test_pca_against_the_covariance_eigenvectors():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(200, 5)) * [3.0, 2.0, 1.0, 0.5, 0.1] + 4.0
    mean, components, ratio = ae.pca(X, 3)
    np.testing.assert_allclose(components @ components.T, np.eye(3), atol=1e-12)      # orthonormal rows
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    top = vectors[:, ::-1][:, :3].T
    np.testing.assert_allclose(np.abs(components @ top.T), np.eye(3), atol=1e-8)     # same directions, any sign
    np.testing.assert_allclose(ratio, values[::-1][:3] / values.sum(), rtol=1e-10)
    assert np.all(np.diff(ratio) <= 0)
    k = np.abs(components).argmax(axis=1)
    assert np.all(components[np.arange(3), k] > 0)                                    # the sign convention
    Z = ae.pca_project(X, mean, components)
    np.testing.assert_allclose(Z.var(axis=0, ddof=1), values[::-1][:3], rtol=1e-10)  # variance along each axis
    full_mean, full, _ = ae.pca(X, 5)
    np.testing.assert_allclose(ae.pca_reconstruct(ae.pca_project(X, full_mean, full), full_mean, full), X)
    with pytest.raises(ValueError, match=r"k must be in \[1, 5\]"):
        ae.pca(X, 6)


def test_knn_accuracy():
    Z = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [5.1, 5.0], [5.0, 5.1]])
    y = np.array([0, 0, 0, 1, 1, 1])
    assert ae.knn_accuracy(Z, y, k=2) == 1.0
    # relabel point 2 as a 1: its two neighbours (points 0, 1) say 0, so it is wrong; points 0 and 1 see one 0
    # and one 1 among their neighbours, a tie that goes to the smaller label, 0 (right): 5 of 6 correct
    assert ae.knn_accuracy(Z, np.array([0, 0, 1, 1, 1, 1]), k=2) == pytest.approx(5 / 6)
    with pytest.raises(ValueError, match="k must be in"):
        ae.knn_accuracy(Z, y, k=6)


def test_mosaic_layout():
    rows = [np.zeros((3, 64)), np.ones((3, 64))]
    image = ae.mosaic(rows, gap=1, gap_value=0.5)
    assert image.shape == (2 * 9 - 1, 3 * 9 - 1)          # R·(8 + 1) − 1 by n·(8 + 1) − 1
    assert image[:8, :8].max() == 0 and image[9:, 9:17].min() == 1 and image[8, 0] == 0.5
    with pytest.raises(ValueError, match="every row must hold 3 images"):
        ae.mosaic([np.zeros((3, 64)), np.zeros((2, 64))])


# ----------------------------------------------------------------------------------------------------
# Pre-training, fine-tuning, transfer
# ----------------------------------------------------------------------------------------------------


def test_labelled_subset_is_stratified():
    y = np.repeat(np.arange(10), 30)
    rows = ae.labelled_subset(y, 50, np.random.default_rng(9))
    assert len(set(rows)) == 50 and np.all(np.bincount(y[rows]) == 5)
    with pytest.raises(ValueError, match="multiple of the number of classes"):
        ae.labelled_subset(y, 25, np.random.default_rng(9))


def test_greedy_pretraining_stacks_trained_encoders():
    X = ae.digit_split(0)[0][:200]
    layers = ae.pretrain_greedy(X, (16, 8), np.random.default_rng(10), activation="sigmoid", epochs=2)
    dense = [layer for layer in layers if isinstance(layer, Dense)]
    assert [layer.params["W"].shape for layer in dense] == [(64, 16), (16, 8)]
    assert [layer.name_ for layer in layers if isinstance(layer, Activation)] == ["sigmoid", "sigmoid"]
    fresh = ae.random_encoder(64, (16, 8), np.random.default_rng(10))
    assert not np.allclose(dense[0].params["W"], fresh[0].params["W"])     # trained, not the initial weights


def test_classifier_copies_and_frozen_fine_tuning_keeps_the_encoder():
    rng = np.random.default_rng(11)
    encoder = ae.random_encoder(64, (16,), rng, "relu")
    model = ae.classifier(encoder, 10, rng)
    assert model.layers[0] is not encoder[0]                                   # a copy
    W0 = model.layers[0].params["W"].copy()
    head0 = model.layers[-1].params["W"].copy()
    X_train, y_train, _, _ = ae.digit_split(0)
    ae.fine_tune(model, X_train[:50], y_train[:50], rng, updates=20, train_encoder=False)
    np.testing.assert_array_equal(model.layers[0].params["W"], W0)             # frozen
    assert not np.allclose(model.layers[-1].params["W"], head0)                # the head learned
    ae.fine_tune(model, X_train[:50], y_train[:50], rng, updates=20)
    assert not np.allclose(model.layers[0].params["W"], W0)
    np.testing.assert_array_equal(encoder[0].params["W"], ae.random_encoder(64, (16,), np.random.default_rng(11),
                                                                            "relu")[0].params["W"])


def test_small_studies_have_the_documented_shapes():
    study = ae.pretraining_study(label_counts=(10, 20), activations=("relu",), widths=(16,), seeds=(0, 1),
                                 pretrain_epochs=1, updates=5)
    assert set(study) == {"relu"} and study["relu"]["pretrained"].shape == (2, 2)
    assert np.all((study["relu"]["random"] >= 0) & (study["relu"]["random"] <= 1))
    transfer = ae.transfer_study(label_counts=(5, 10), widths=(16, 8), seeds=(0,), source_epochs=1, updates=5)
    assert all(transfer[m].shape == (1, 2) for m in ae.TRANSFER_METHODS) and 0 <= transfer["source_accuracy"] <= 1
    codes = ae.code_vs_pca(hidden=(8,), epochs=1)
    assert codes["ae_codes"].shape == codes["pca_codes"].shape == (len(codes["y"]), 2)
    assert 0 < codes["pca_variance"] < 1 and 0 <= codes["ae_knn"] <= 1
    comparison = ae.loss_comparison(code_size=8, epochs=2)
    assert comparison["mse"]["test_mse"].shape == (2,) and comparison["bce_floor"] > 0
    assert ae.loss_comparison(code_size=8, epochs=2) is comparison                  # cached


def test_digit_split_is_disjoint_and_seeded():
    a = ae.digit_split(0)
    b = ae.digit_split(0)
    assert a[0].shape == (1348, 64) and a[2].shape == (449, 64)      # 1797 − round(0.25·1797) = 1797 − 449
    np.testing.assert_array_equal(a[2], b[2])


# ----------------------------------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------------------------------


def _ax():
    return Figure().subplots()


def test_plots_draw_the_expected_artists():
    handles = figures.plot_digit_mosaic(_ax(), ae.mosaic([np.zeros((2, 64))] * 3), ["a", "b", "c"])
    ax = handles["ax"]
    assert len(ax.images) == 1 and [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    figures.update_digit_mosaic(handles, ae.mosaic([np.ones((2, 64))] * 3))
    assert ax.images[0].get_array()[:8, :8].min() == 1                              # the new digits are shown

    handles = figures.plot_error_vs_code_size(_ax(), (2, 8, 32), [0.3, 0.2, 0.1], [0.4, 0.3, 0.2], current=8)
    np.testing.assert_array_equal(handles["marker"].get_ydata(), [0.2, 0.3])        # both lines at code size 8
    np.testing.assert_array_equal(handles["denoising"].get_ydata(), [0.4, 0.3, 0.2])
    assert len(handles["ax"].get_legend().get_texts()) == 2
    ax = figures.plot_error_vs_code_size(_ax(), (2, 8), [0.3, 0.2], [0.4, 0.3], legend=False)["ax"]
    assert ax.get_legend() is None and [t.get_text() for t in ax.texts] == ["clean digit in", "noisy digit in"]
    ax = figures.plot_error_vs_code_size(_ax(), (2, 8), [0.3, 0.2], [0.4, 0.3], legend=None)["ax"]
    assert ax.get_legend() is None and not ax.texts

    gains = np.array([[0.1, 0.0], [0.5, 0.1], [0.9, 0.2]])
    handles = figures.plot_gain_vs_code_size(_ax(), (2, 8, 32), gains, (0.0, 0.3), current=(32, 0.3))
    assert len(handles["lines"]) == 2 and handles["marker"].get_ydata()[0] == 0.2
    figures.update_gain_vs_code_size(handles, {"code_size": 8, "gain": 0.5, "noise_index": 0})
    assert handles["marker"].get_xdata()[0] == 8 and handles["marker"].get_ydata()[0] == 0.5
    assert [line.get_linewidth() for line in handles["lines"]] == [2.6, 1.0]
    assert handles["ax"].get_title() == "gain 0.50"

    ax = figures.plot_reconstruction_loss_curves(_ax(), {"a": [3, 2, 1], "b": [4, 3, 2]}, floor=0.5)["ax"]
    assert len(ax.get_legend().get_texts()) == 3

    Z, y = np.random.default_rng(0).normal(size=(30, 2)), np.arange(30) % 3
    ax = figures.plot_codes_2d(_ax(), Z, y, title="t")["ax"]
    assert len(ax.collections) == 1 and sorted(t.get_text() for t in ax.texts) == ["0", "1", "2"]

    scores = {"pretrained": np.ones((2, 2)), "random": np.zeros((2, 2))}
    handles = figures.plot_accuracy_vs_labels(_ax(), (10, 20), scores, current=20)
    assert len(handles["ax"].collections) == 2 and len(handles["means"]) == 2
    figures.update_accuracy_vs_labels(handles, 10, "relu")
    assert list(handles["marker"].get_xdata()) == [10, 10] and handles["ax"].get_title().startswith("relu network")


def test_pretraining_bars_update_to_the_new_scores():
    view = {"pretrained": np.array([0.8, 0.9]), "random": np.array([0.6, 0.7]), "n_labels": 20, "difference": 20.0}
    handles = figures.plot_pretraining_bars(_ax(), view)
    figures.update_pretraining_bars(handles, {**view, "random": np.array([0.5, 0.5]), "difference": 35.0})
    assert [bar.get_height() for bar in handles["bars"]] == pytest.approx([0.85, 0.5])
    np.testing.assert_array_equal(handles["dots"][1].get_ydata(), [0.5, 0.5])
    assert handles["ax"].get_title() == "n = 20: pre-training +35.0 points"


def test_reports_print_the_notebook_tables():
    summary = ae.multitask_summary({"from scratch": np.array([0.9, 0.8]), "supervised encoder (0–4)":
                                    np.array([0.85, 0.8])})
    assert summary["supervised encoder (0–4)"]["paired"] == {"mean": pytest.approx(-2.5), "error": pytest.approx(2.5),
                                                             "lower": 1, "n": 2}
    lines = figures.report_multitask(summary).split("\n")
    assert lines[2].startswith("supervised encoder (0–4)") and lines[2].endswith("-2.5 ± 2.5 points, lower on 1 of 2")
    assert figures.report_autoencoder([0.5, 0.3, 0.25], 0.01) == (
        "training loss (BCE) 0.500 after epoch 1 → 0.250 after epoch 3\n"
        "test reconstruction error (mean squared, per pixel): 0.0100")


# ----------------------------------------------------------------------------------------------------
# Explorers (with small, fast studies in place of the notebook's)
# ----------------------------------------------------------------------------------------------------


@pytest.fixture
def small_grid(monkeypatch):
    grid = ae.autoencoder_grid(epochs=1)
    monkeypatch.setattr(ae, "autoencoder_grid", lambda: grid)
    return grid


@pytest.fixture
def fake_study(monkeypatch):
    rng = np.random.default_rng(0)
    study = {a: {"pretrained": rng.uniform(0.6, 1.0, (2, 5)), "random": rng.uniform(0.6, 1.0, (2, 5))}
             for a in ("sigmoid", "relu")}
    monkeypatch.setattr(ae, "pretraining_study", lambda: study)
    return study


def test_autoencoder_explorer(small_grid):
    ex = explorers.autoencoder()
    drive_grid(ex, ["code_size", "noise"])                   # every option of both sliders, in every pair
    assert len(ex.axes[1].lines) == 6                         # 3 gains, marker, 2 guides: updated in place
    ex = explorers.autoencoder(code_size=128, noise=0.4, hide=("noise",))
    assert ex.values == {"code_size": 128, "noise": 0.4}
    assert_figure_ok(ex)
    view = ae.autoencoder_view(small_grid, 128, 0.4)
    np.testing.assert_array_equal(ex.artists["mosaic"]["image"].get_array(), view["image"])
    assert ex.artists["gain"]["marker"].get_ydata()[0] == small_grid["gain"][3, 2]
    assert ex.axes[0].get_title().startswith("code 128, noise σ = 0.4: ")
    for bad in ({"code_size": 64}, {"noise": 0.3}, {"epochs": 3}):
        with pytest.raises(ValueError):
            explorers.autoencoder(**bad)


def test_pretraining_explorer(fake_study):
    ex = explorers.pretraining()
    drive_grid(ex, ["n_labels", "activation"])
    ex = explorers.pretraining(n_labels=500, activation="relu")
    heights = [bar.get_height() for bar in ex.artists["bars"]["bars"]]
    np.testing.assert_allclose(heights, [fake_study["relu"]["pretrained"][:, 4].mean(),
                                         fake_study["relu"]["random"][:, 4].mean()])
    with pytest.raises(ValueError, match="n_labels must be one of"):
        explorers.pretraining(n_labels=30)
    with pytest.raises(ValueError, match="hide: unknown control"):
        explorers.pretraining(hide=("seed",))
    ex.controls["activation"].value = "sigmoid"                                      # the left panel follows
    np.testing.assert_allclose(ex.artists["curves"]["means"][0].get_ydata(),
                               fake_study["sigmoid"]["pretrained"].mean(axis=0))


# ----------------------------------------------------------------------------------------------------
# Exercises
# ----------------------------------------------------------------------------------------------------


def _notebook_reconstruction_error(X, X_hat):
    return np.mean((X_hat - X) ** 2, axis=1)


def _notebook_denoising_pair(X, noise, noise_std):
    inputs = np.clip(X + noise_std * noise, 0.0, 1.0)
    return inputs, X


def _notebook_pca_reconstruction(X, k):
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    V_k = Vt[:k]                        # (k, d): the top-k directions
    Z = (X - mean) @ V_k.T              # (N, k): the codes
    return mean + Z @ V_k               # (N, d): back in pixel space


def _notebook_tied_grads(X, W, b, c):
    from course_lib.activations import sigmoid

    H = sigmoid(X @ W + b)                  # (N, k) the code
    X_hat = H @ W.T + c                     # (N, d) the reconstruction
    G = (X_hat - X) / len(X)                # ∂L/∂X̂: the ½ cancels the 2; the mean divides by N
    dc = G.sum(axis=0)
    dH = G @ W                              # back through X̂ = H Wᵀ
    dZ = dH * H * (1 - H)                   # back through σ: σ′(z) = h(1 − h)
    db = dZ.sum(axis=0)
    dW = X.T @ dZ + G.T @ H                 # W encodes (Xᵀ dZ) and, transposed, decodes (Gᵀ H): add both
    return dW, db, dc


@pytest.mark.parametrize("exercise, solution", [
    (exercises.reconstruction_error, _notebook_reconstruction_error),
    (exercises.denoising_pair, _notebook_denoising_pair),
    (exercises.pca_reconstruction, _notebook_pca_reconstruction),
    (exercises.tied_autoencoder_grads, lambda X, W, b, c: _notebook_tied_grads(X, W, b, c)),
])
def test_exercises(exercise, solution):
    assert_exercise_verdicts(exercise, solution)                         # solution: the one shown in the notebook


def test_longer_training_claim_of_the_notebook():
    # "With longer training (epochs=40) the plain networks with codes 32 and 128 go past gain 1 and give back noisy
    # digits as noisy as they came in, while the gains of the denoising networks stay close to their values
    # after 12 epochs."
    short, long = ae.autoencoder_grid(), ae.autoencoder_grid(epochs=40)
    assert np.all(long["gain"][2:, 0] > 1)                                  # codes 32 and 128, no training noise
    _, _, X_test, _ = ae.digit_split(0)
    noisy_in = ae.reconstruction_error(X_test, ae.corrupt(X_test, ae.TEST_NOISE, np.random.default_rng(1))).mean()
    assert np.all(long["denoising_error"][2:, 0] > 0.95 * noisy_in)
    assert np.all(np.abs(long["gain"][:, 1:] - short["gain"][:, 1:]) < 0.03)   # the denoising networks
    assert np.all(long["gain"][:, 1:] < 0.25)


def test_notebook_quotes_of_the_grid_and_the_pretraining_study():
    grid = ae.autoencoder_grid()
    i = grid["code_sizes"].index(128)
    assert [round(v, 4) for v in (grid["clean_error"][i, 0], grid["denoising_error"][i, 0])] == [0.0039, 0.0372]
    assert [round(v, 4) for v in (grid["clean_error"][i, 2], grid["denoising_error"][i, 2])] == [0.0152, 0.0222]
    assert [round(v, 2) for v in grid["gain"][i, [0, 2]]] == [0.60, 0.11]
    assert np.all(grid["gain"][:, 1:] <= 0.205)                            # "0.2 or less" with training noise


def test_check_messages_name_the_slips():
    from course_lib.lessons.autoencoders_pretraining import checks

    message = checks.reconstruction_error.evaluate(lambda X, X_hat: np.mean((X_hat - X) ** 2, axis=0)).message
    assert "axis=0" in message and "expected" not in message
    message = checks.denoising_pair.evaluate(lambda X, noise, s: np.clip(X + s * noise, 0, 1)).message
    assert "only the corrupted inputs" in message
    message = checks.pca_reconstruction.evaluate(checks._codes_only).message
    assert "codes" in message and "expected" not in message


# ----------------------------------------------------------------------------------------------------
# PCA and the linear autoencoder: principal angles
# ----------------------------------------------------------------------------------------------------


def test_principal_angles_by_hand():
    e = np.eye(3)
    assert ae.principal_angles(e[:, :2], e[:, :2]) == pytest.approx([0, 0], abs=1e-7)
    assert ae.principal_angles(e[:, :1], e[:, 1:2]) == pytest.approx([np.pi / 2])
    theta = 0.3                                           # span{e1, e2} against span{e1, cos θ e2 + sin θ e3}
    B = np.stack([e[0], np.cos(theta) * e[1] + np.sin(theta) * e[2]], axis=1)
    assert ae.principal_angles(e[:, :2], B) == pytest.approx([0, theta], abs=1e-7)
    # a change of basis inside the subspace changes nothing: only the spans are compared
    C = np.array([[2.0, 1.0], [-1.0, 3.0]])
    assert ae.principal_angles(e[:, :2], B @ C) == pytest.approx([0, theta], abs=1e-7)
    with pytest.raises(ValueError, match="same number of rows"):
        ae.principal_angles(np.ones((3, 1)), np.ones((4, 1)))
    with pytest.raises(ValueError, match="linearly independent"):
        ae.principal_angles(np.ones((3, 2)), e[:, :1])


def test_linear_autoencoder_spans_the_pca_subspace():
    linear = ae.linear_autoencoder_vs_pca(k=4)
    before, after = np.degrees(linear["angles_before"]), np.degrees(linear["angles_after"])
    assert after.max() < 2.0 and before.min() > 60.0 and before.max() < 86.0      # "64°–86°" → "less than 2°"
    assert np.degrees(linear["encoder_angles"]).max() > after.max()                # the encoder is further off
    assert linear["ae_error"] == pytest.approx(linear["pca_error"], rel=2e-3)      # same error to 4 decimals
    assert f"{linear['ae_error']:.4f}" == f"{linear['pca_error']:.4f}"
    for key in ("pca_images", "decoder_images", "projected_images"):
        assert linear[key].shape == (4, 64) and linear[key].min() == 0 and linear[key].max() == 1
    # the decoder's rows lie in the PCA subspace: projecting them changes almost nothing
    np.testing.assert_allclose(linear["projected_images"], linear["decoder_images"], atol=0.05)


def test_tied_autoencoder_loss_and_gradients():
    X, W, b, c = exercises._TIED_CASES[0]
    H = 1 / (1 + np.exp(-(X @ W + b)))
    by_hand = sum(0.5 * np.sum((H[n] @ W.T + c - X[n]) ** 2) for n in range(len(X))) / len(X)
    assert ae.tied_autoencoder_loss(X, W, b, c) == pytest.approx(by_hand, rel=1e-12)
    for case in exercises._TIED_CASES:                       # the analytic solution against central differences
        for analytic, numeric in zip(_notebook_tied_grads(*case), exercises.finite_difference_grads(*case)):
            np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    with pytest.raises(ValueError, match="same d"):
        ae.tied_autoencoder_loss(X, W.T, b, c)


@pytest.mark.parametrize("returned, words", [
    (lambda g: g[0], "as a tuple (dW, db, dc)"),
    (lambda g: (g[0].T, g[1], g[2]), "dW is transposed"),
    (lambda g: (g[0], g[1][:1], g[2]), "must have the shapes of (W, b, c)"),
])
def test_tied_autoencoder_grads_names_what_was_returned(returned, words):
    result = exercises.tied_autoencoder_grads.evaluate(lambda *a: returned(_notebook_tied_grads(*a)))
    assert not result.passed and words in result.message, result.message


# ----------------------------------------------------------------------------------------------------
# Multi-task learning: one trunk, two heads
# ----------------------------------------------------------------------------------------------------


def test_two_head_loss_gradients_match_finite_differences():
    rng = np.random.default_rng(5)
    trunk = Sequential([Dense(4, 3, init="he_uniform", rng=rng), Activation("relu")])
    head_a, head_b = Sequential([Dense(3, 2, rng=rng)]), Sequential([Dense(3, 4, rng=rng)])
    Xa, ya, Xb, yb = rng.random((5, 4)), rng.integers(0, 2, 5), rng.random((3, 4)), rng.integers(0, 4, 3)
    ae.two_head_loss(trunk, head_a, head_b, Xa, ya, Xb, yb)
    every = Sequential(trunk.layers + head_a.layers + head_b.layers)
    for name, value, grad in every.parameters():
        analytic = grad.copy()
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            saved = value[i]
            value[i] = saved + 1e-6
            up = ae.two_head_loss(trunk, head_a, head_b, Xa, ya, Xb, yb)
            value[i] = saved - 1e-6
            down = ae.two_head_loss(trunk, head_a, head_b, Xa, ya, Xb, yb)
            value[i] = saved
            numeric[i] = (up - down) / 2e-6
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_train_two_heads_lowers_the_joint_loss():
    rng = np.random.default_rng(0)
    X_train, y_train, _, _ = ae.digit_split(0)
    trunk = Sequential([Dense(64, 16, init="he_uniform", rng=rng), Activation("relu")])
    losses = ae.train_two_heads(trunk, Sequential([Dense(16, 10, rng=rng)]), Sequential([Dense(16, 2, rng=rng)]),
                                X_train, y_train, X_train, y_train % 2, rng, updates=60)
    assert losses.shape == (60,) and losses[-10:].mean() < 0.6 * losses[:5].mean()


def test_multitask_study_claims():
    study = ae.multitask_study()
    assert tuple(study) == ae.MULTITASK_STARTS and all(v.shape == (5,) for v in study.values())
    scratch = study["from scratch"]
    stats = {}
    for start in ae.MULTITASK_STARTS[1:]:
        d = 100 * (study[start] - scratch)
        stats[start] = (f"{d.mean():+.1f}", f"{d.std(ddof=1) / np.sqrt(len(d)):.1f}", int(np.sum(d < 0)))
    assert stats == {"multi-task (0–4 head too)": ("-2.3", "0.5", 5), "supervised encoder (0–4)": ("-0.4", "0.7", 2),
                     "autoencoder encoder (no labels)": ("-1.6", "0.7", 4)}
    assert all(study[start].mean() <= scratch.mean() for start in ae.MULTITASK_STARTS)   # none beats scratch
    sds = [100 * v.std(ddof=1) for v in study.values()]
    assert 2 <= min(sds) and max(sds) <= 3.5                                             # "2 to 3 points (sd)"


# ----------------------------------------------------------------------------------------------------
# Every visible string goes through course_lib.i18n.tr
# ----------------------------------------------------------------------------------------------------


def test_explorers_translate_every_text(small_grid, fake_study, marked_language):
    for ex in (explorers.autoencoder(), explorers.pretraining(activation="relu")):
        texts = visible_texts(ex)
        assert sum("⟪" in text for text in texts) >= 10                 # titles, labels, controls: all seen
        assert not untranslated(texts), untranslated(texts)


def test_notebook_figures_and_reports_translate_every_text(small_grid, marked_language):
    rng = np.random.default_rng(0)
    fig = Figure()
    axes = fig.subplots(3, 3).ravel()
    image = ae.mosaic([np.zeros((4, 64))] * 3)
    figures.plot_reconstructions(axes[0], image)
    figures.plot_pca_directions(axes[1], image, k=4)
    figures.plot_error_grid(axes[2:5], small_grid["code_sizes"], small_grid["noise_levels"],
                            small_grid["clean_error"], small_grid["denoising_error"])
    curves = {"test_mse": np.ones(3), "test_bce": np.ones(3)}
    comparison = {"binary_cross_entropy_with_logits": curves, "mse": curves, "bce_floor": 0.2}
    figures.plot_loss_comparison(axes[5], axes[6], comparison)
    codes = {"pca_codes": rng.normal(size=(20, 2)), "ae_codes": rng.normal(size=(20, 2)), "y": np.arange(20) % 4,
             "pca_variance": 0.3, "pca_error": 0.05, "ae_error": 0.04, "pca_knn": 0.6, "ae_knn": 0.7}
    figures.plot_code_comparison(axes[7], axes[8], codes)
    transfer = {"source_accuracy": 0.99, **{m: rng.uniform(0.5, 1, (2, 2)) for m in ae.TRANSFER_METHODS}}
    figures.plot_transfer(Figure().subplots(), (10, 25), transfer)
    assert not untranslated(fig), untranslated(fig)
    linear = {"angles_before": np.ones(2), "angles_after": np.zeros(2), "encoder_angles": np.ones(2),
              "ae_error": 0.1, "pca_error": 0.1}
    study = {"relu": {"pretrained": np.ones((2, 2)), "random": np.ones((2, 2))}}
    multitask = ae.multitask_summary({start: rng.uniform(0.8, 1, 3) for start in ae.MULTITASK_STARTS})
    reports = [figures.report_digit_split(np.zeros((3, 64)), np.ones((2, 64))),
               figures.report_autoencoder([0.5, 0.2], 0.01), figures.report_loss_comparison(comparison),
               figures.report_grid(small_grid), figures.report_code_comparison(codes),
               figures.report_principal_angles(linear), figures.report_pretraining((10, 20), study),
               figures.report_source_accuracy(0.99), figures.report_transfer((10, 25), transfer),
               figures.report_multitask(multitask)]
    assert not untranslated(*reports), untranslated(*reports)


@pytest.mark.parametrize("returned", [lambda g: g[0], lambda g: (g[0].T, g[1], g[2]),
                                      lambda g: (g[0], g[1][:1], g[2])])
def test_check_messages_of_the_tied_gradients_are_translated(marked_language, returned):
    message = exercises.tied_autoencoder_grads.evaluate(lambda *a: returned(_notebook_tied_grads(*a))).message
    assert message.startswith("✗ tied_autoencoder_grads: ⟪") and message.endswith("⟫"), message

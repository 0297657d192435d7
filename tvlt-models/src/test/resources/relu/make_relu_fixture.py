"""Expected TvltModel outputs of the tiny golden checkpoint with hidden_act "relu".

The golden set has no relu run, so this computes one independently: a float64 numpy re-implementation
of the reference TvltModel forward (transformers v4.34 modeling_tvlt.py, eval mode, no masks), run on
the golden `tiny-pretraining` weights and the inputs of its `tvltmodel_basic` and
`tvltmodel_padded_batch2_hidden_attn` cases. Before writing anything it runs the same code with
"gelu" and checks it reproduces the golden expected outputs (max abs error below 2e-5), so the
forward is the reference's; only the MLP activation differs for the relu outputs.

Run: python3 make_relu_fixture.py [golden_models_dir]   (default /work/shared/golden/models; needs numpy)
Writes relu_<case>.safetensors next to this file: the case inputs plus expected.* in float32.
"""
import json
import math
import os
import struct
import sys

import numpy as np

GOLDEN = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/golden/models"
HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}
CASES = ["tvltmodel_basic", "tvltmodel_padded_batch2_hidden_attn"]


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return out, meta


def write_safetensors(path, tensors, meta):
    header, blobs, offset = {"__metadata__": meta}, [], 0
    for name in sorted(tensors):
        t = np.ascontiguousarray(tensors[name].astype(np.float32))
        b = t.tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


erf = np.vectorize(math.erf)
ACT = {"gelu": lambda x: 0.5 * x * (1.0 + erf(x / math.sqrt(2.0))), "relu": lambda x: np.maximum(x, 0.0)}


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def conv_patches(x, w, b, ph, pw):
    """Conv2d with kernel = stride = (ph, pw) on x [N, C, H, W]: [N, (H//ph)*(W//pw), D], row-major patches."""
    n, c, h, wd = x.shape
    gh, gw = h // ph, wd // pw
    x = x[:, :, :gh * ph, :gw * pw].reshape(n, c, gh, ph, gw, pw).transpose(0, 2, 4, 1, 3, 5)
    x = x.reshape(n, gh * gw, c * ph * pw)
    return x @ w.reshape(w.shape[0], -1).T + b


def forward(W, cfg, pixel_values, audio_values, pixel_mask, audio_mask, act):
    g = lambda k: W["tvlt." + k].astype(np.float64)
    d, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    ph, pw = cfg["image_patch_size"]
    ah, aw = cfg["audio_patch_size"]
    bsz, frames = pixel_values.shape[:2]
    # pixel embeddings: patches + pos_embed_v[p] + temporal_embed[t] + type_embed_v
    pix = conv_patches(pixel_values.reshape(bsz * frames, *pixel_values.shape[2:]),
                       g("pixel_embeddings.patch_embeddings.projection.weight"),
                       g("pixel_embeddings.patch_embeddings.projection.bias"), ph, pw)
    npf = pix.shape[1]
    pix = pix.reshape(bsz, frames, npf, d)
    pix = pix + g("pixel_embeddings.pos_embed_v")[:, None, :npf, :]
    pix = pix + g("pixel_embeddings.temporal_embed")[:, :frames, None, :]
    pix = pix.reshape(bsz, frames * npf, d) + g("pixel_embeddings.type_embed_v")
    # audio embeddings: patches (time-major, then frequency) + freq_embed[f] + pos_embed_a[t] + type_embed_a
    aud = conv_patches(audio_values, g("audio_embeddings.patch_embeddings.projection.weight"),
                       g("audio_embeddings.patch_embeddings.projection.bias"), ah, aw)
    nf = audio_values.shape[3] // aw
    nt = aud.shape[1] // nf
    aud = aud.reshape(bsz, nt, nf, d)
    aud = aud + g("audio_embeddings.freq_embed")[:, None, :nf, :]
    aud = aud + g("audio_embeddings.pos_embed_a")[:, :nt, None, :]
    aud = aud.reshape(bsz, nt * nf, d) + g("audio_embeddings.type_embed_a")
    cls = np.broadcast_to(g("cls_embedding"), (bsz, 1, d))
    x = np.concatenate([cls, pix, aud], axis=1)
    seq = x.shape[1]
    additive = None
    if pixel_mask is not None and audio_mask is not None:
        m = np.concatenate([pixel_mask[:, :1], pixel_mask, audio_mask], axis=1).astype(np.float64)
        additive = ((1.0 - m) * np.finfo(np.float32).min)[:, None, None, :]
    hd = d // heads
    hidden_states, attentions = [x], []
    for i in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % i
        h = layer_norm(x, g(p + "layernorm_before.weight"), g(p + "layernorm_before.bias"), eps)
        q, k, v = (h @ g(p + "attention.attention.%s.weight" % n).T + g(p + "attention.attention.%s.bias" % n)
                   for n in ("query", "key", "value"))
        split = lambda t: t.reshape(bsz, seq, heads, hd).transpose(0, 2, 1, 3)
        scores = split(q) @ split(k).transpose(0, 1, 3, 2) / math.sqrt(hd)
        if additive is not None:
            scores = scores + additive
        scores = scores - scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        attentions.append(probs)
        ctx = (probs @ split(v)).transpose(0, 2, 1, 3).reshape(bsz, seq, d)
        x = x + ctx @ g(p + "attention.output.dense.weight").T + g(p + "attention.output.dense.bias")
        h = layer_norm(x, g(p + "layernorm_after.weight"), g(p + "layernorm_after.bias"), eps)
        h = act(h @ g(p + "intermediate.dense.weight").T + g(p + "intermediate.dense.bias"))
        x = x + h @ g(p + "output.dense.weight").T + g(p + "output.dense.bias")
        hidden_states.append(x)
    last = layer_norm(x, g("layernorm.weight"), g("layernorm.bias"), eps)
    npx = frames * npf
    out = {"last_hidden_state": last, "last_pixel_hidden_state": last[:, 1:1 + npx],
           "last_audio_hidden_state": last[:, 1 + npx:]}
    return out, hidden_states, attentions


def run(W, cfg, case, act):
    f = lambda k: case[k].astype(np.float64) if k in case else None
    out, hs, att = forward(W, cfg, f("input.pixel_values"), f("input.audio_values"), f("input.pixel_mask"),
                           f("input.audio_mask"), ACT[act])
    for i, h in enumerate(hs):
        out["hidden_states.%d" % i] = h
    for i, a in enumerate(att):
        out["attentions.%d" % i] = a
    return out


def main():
    folder = os.path.join(GOLDEN, "tiny-pretraining")
    W, _ = read_safetensors(os.path.join(folder, "model.safetensors"))
    with open(os.path.join(folder, "config.json")) as fh:
        cfg = json.load(fh)
    for name in CASES:
        case, meta = read_safetensors(os.path.join(folder, "cases", name + ".safetensors"))
        expected = {k[len("expected."):]: v for k, v in case.items() if k.startswith("expected.")}
        check = run(W, cfg, case, "gelu")
        worst = max(float(np.abs(check[k] - v.astype(np.float64)).max()) for k, v in expected.items())
        assert worst < 2e-5, "%s: the numpy forward misses the golden gelu outputs by %g" % (name, worst)
        relu = run(W, cfg, case, "relu")
        tensors = {k: v for k, v in case.items() if k.startswith("input.")}
        tensors.update({"expected." + k: relu[k] for k in expected})
        moved = max(float(np.abs(relu[k] - check[k]).max()) for k in expected)
        call = json.loads(meta["case"])["call"]
        write_safetensors(os.path.join(HERE, "relu_%s.safetensors" % name), tensors, {
            "case": json.dumps({"call": call, "hidden_act": "relu", "source": "tiny-pretraining/cases/%s" % name}),
            "generator": "make_relu_fixture.py, numpy %s float64; gelu check max abs %.2e; relu vs gelu max abs %.2f"
                         % (np.__version__, worst, moved)})
        print(name, "gelu check max abs %.2e, relu differs from gelu by up to %.3f" % (worst, moved))


main()

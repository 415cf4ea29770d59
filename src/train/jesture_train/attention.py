"""A Perceiver-style attention head for the 3D-CNN (after the R(2+1)D-18 + attention study on HMDB51,
which follows Jaegle et al., "Perceiver: General Perception with Iterative Attention", 2021).

The CNN's last feature map ``[N, C, T, H, W]`` becomes M = T*H*W tokens of C channels (plus a
learned position embedding, since attention by itself ignores where a token came from). L learned
latent queries cross-attend to the tokens (O(M*L)), then a few self-attention layers run over the
latents (O(L^2) each); the latents' mean is the clip's feature vector, which the network's own
linear layer classifies. It replaces only global average pooling: the CNN is unchanged.

Written with Linear, MatMul and Softmax only (no ``nn.MultiheadAttention``, whose fused inference
path has no ONNX export in torch 1.13), so opset 17 exports it and ONNX Runtime runs it.
"""
from __future__ import annotations

import math
from typing import Tuple

import torch
from torch import nn


class Attention(nn.Module):
    """Multi-head scaled dot-product attention of ``queries`` [N, Lq, C] over ``context`` [N, Lk, C]."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"attention width {dim} is not divisible by {heads} heads")
        self.heads = heads
        self.head_dim = dim // heads
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.out = nn.Linear(dim, dim)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        n, length, _ = x.shape
        return x.reshape(n, length, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, queries: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.q(queries)), self._split(self.k(context)), self._split(self.v(context))
        weights = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim)), -1)
        y = torch.matmul(weights, v).transpose(1, 2)
        return self.out(y.reshape(queries.shape[0], queries.shape[1], self.heads * self.head_dim))

    @staticmethod
    def matmul_macs(inputs: Tuple[torch.Tensor, ...], output: torch.Tensor) -> int:
        """MACs of the two attention products (Q K^T and weights V), which are no Linear layer;
        jesture_train.flops adds them to the Linear projections it counts anyway."""
        queries, context = inputs
        n, lq, c = queries.shape
        return 2 * n * lq * context.shape[1] * c


class FeedForward(nn.Sequential):
    def __init__(self, dim: int, ratio: int = 2) -> None:
        super().__init__(nn.LayerNorm(dim), nn.Linear(dim, dim * ratio), nn.GELU(), nn.Linear(dim * ratio, dim))


class SelfAttentionLayer(nn.Module):
    """Pre-norm transformer layer over the latents: x + Attn(LN(x)), then x + FF(x)."""

    def __init__(self, dim: int, heads: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.ff = FeedForward(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm(x)
        x = x + self.attn(h, h)
        return x + self.ff(x)


class PerceiverHead(nn.Module):
    """``[N, C, T, H, W]`` features -> ``[N, C]``: learned-query cross-attention, then ``layers``
    self-attention layers over the ``latents`` queries, layer norm, mean over the latents.

    ``tokens`` (= T*H*W of the feature map) sizes the position embedding, so the head is built for
    one clip size, as the model contract fixes it anyway.
    """

    def __init__(self, channels: int, tokens: int, latents: int = 8, layers: int = 1, heads: int = 4) -> None:
        super().__init__()
        if latents < 1 or layers < 0:
            raise ValueError(f"attention head needs >= 1 latent and >= 0 self-attention layers, "
                             f"got {latents} and {layers}")
        self.tokens = tokens
        self.position = nn.Parameter(torch.zeros(1, tokens, channels))
        self.latents = nn.Parameter(torch.zeros(1, latents, channels))
        # Small random starts, as in ViT/Perceiver: zero latents would make every query identical.
        nn.init.trunc_normal_(self.position, std=0.02)
        nn.init.trunc_normal_(self.latents, std=0.02)
        self.norm_context = nn.LayerNorm(channels)
        self.norm_latents = nn.LayerNorm(channels)
        self.cross = Attention(channels, heads)
        self.cross_ff = FeedForward(channels)
        self.layers = nn.ModuleList(SelfAttentionLayer(channels, heads) for _ in range(layers))
        self.norm_out = nn.LayerNorm(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        context = torch.flatten(x, 2).transpose(1, 2)  # [N, M, C]
        if not torch.jit.is_tracing() and context.shape[1] != self.tokens:
            raise ValueError(f"attention head built for {self.tokens} feature positions, got {context.shape[1]}: "
                             f"the clip size differs from the model config")
        context = self.norm_context(context + self.position)
        latents = self.latents.expand(x.shape[0], -1, -1)
        latents = latents + self.cross(self.norm_latents(latents), context)
        latents = latents + self.cross_ff(latents)
        for layer in self.layers:
            latents = layer(latents)
        return self.norm_out(latents).mean(1)

"""Guided experiments: named presets that let a learner watch a claim of the course notes happen.

Each lesson holds one or more full run configs (seed included) and a short text in English and
Chinese saying what to do, what to watch and why it happens; `describe()` lists them as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any, NotRequired, TypedDict

from engine.config import RunConfig

__all__ = ["LESSONS", "CompareRun", "Lesson", "Preset", "describe", "get_lesson", "get_preset"]


class Text(TypedDict):
    """What the learner should do, what to watch, and why it happens."""

    do: str
    watch: str
    why: str


class Preset(TypedDict):
    """A ready-made session: a full run config and how many steps the lesson suggests."""

    name: str
    config: dict[str, Any]
    steps: int


class View(TypedDict):
    """Which optional views the page should open with the lesson."""

    neurons: bool
    gradient_flow: bool


class CompareRun(TypedDict):
    """One run of a side-by-side comparison: its label per language and its full config."""

    label: dict[str, str]
    config: dict[str, Any]


class Lesson(TypedDict):
    """One guided experiment, as served by GET /api/lessons. `sweep`, when present, is the sweep
    JSON (engine.sweeps.parse_sweep) the page's Sweep panel runs for it; a lesson that is a
    comparison also has `compare`: 2 to 4 runs on the same data, played side by side in lockstep."""

    id: str
    number: int
    title: dict[str, str]
    text: dict[str, Text]
    presets: list[Preset]
    view: View
    sweep: NotRequired[dict[str, Any]]
    compare: NotRequired[list[CompareRun]]


Section = dict[str, Any]


def _config(
    data: Section | None = None,
    network: Section | None = None,
    training: Section | None = None,
) -> dict[str, Any]:
    """A full run config: every field at the engine's default (seed 0) but the given ones."""
    config = RunConfig().to_dict()
    config["data"].update(deepcopy(data or {}))
    config["network"].update(deepcopy(network or {}))
    config["training"].update(deepcopy(training or {}))
    return config


def _preset(
    name: str,
    steps: int,
    data: Section | None = None,
    network: Section | None = None,
    training: Section | None = None,
) -> Preset:
    """A named preset suggesting `steps` training steps."""
    return {"name": name, "config": _config(data, network, training), "steps": steps}


def _sharing(
    steps: int,
    data: Section | None = None,
    network: Section | None = None,
    training: Section | None = None,
) -> Callable[..., Preset]:
    """A maker of one lesson's presets: they share `steps` and the given fields, and each preset
    names only the fields it changes on top of them."""
    shared = (data or {}, network or {}, training or {})

    def maker(
        name: str,
        steps: int = steps,
        data: Section | None = None,
        network: Section | None = None,
        training: Section | None = None,
    ) -> Preset:
        own = (data or {}, network or {}, training or {})
        sections = [{**base, **changes} for base, changes in zip(shared, own, strict=True)]
        return _preset(name, steps, *sections)

    return maker


def _text(do: str, watch: str, why: str) -> Text:
    """The three parts of a lesson's text in one language."""
    return {"do": do, "watch": watch, "why": why}


# ----------------------------------------------------------------------------- 1. hidden layer

_CROSSES = {"dataset": "circles_crosses", "n_samples": 300, "noise": 0.05}
_hidden = _sharing(3000, data=_CROSSES, training={"learning_rate": 0.1})

HIDDEN_LAYER: Lesson = {
    "id": "hidden-layer",
    "number": 1,
    "title": {"en": "Why a hidden layer", "zh": "为什么需要隐藏层"},
    "text": {
        "en": _text(
            "Train the first preset: one output neuron and no hidden layer, asked to separate the "
            "circles from the crosses. Then open 'two tanh units' and train it.",
            "Without a hidden layer the boundary stays a single straight line and test accuracy "
            "stays low. With two hidden units each neuron's thumbnail shows one straight line, "
            "P1 and P2, and the output marks as crosses the region above P1 and below P2.",
            "A neuron computes z = w·x + b, so on its own it can only cut the plane with one "
            "line. Each hidden neuron draws its own line; the output neuron combines the two "
            "half-planes, turning two linear cuts into a non-linear boundary. Two units leave no "
            "slack: a few random starts end in a poor local minimum; if yours does, reset to new "
            "weights.",
        ),
        "zh": _text(
            "先训练第一个预设：没有隐藏层，只有一个输出神经元（也就是逻辑回归），让它把圆圈和"
            "蓝色叉叉分开。然后打开预设“两个 tanh 单元”并训练。",
            "没有隐藏层时，决策边界始终是一条直线，测试准确率上不去。有了两个隐藏神经元，每个"
            "神经元的缩略图各是一条直线，即 P1 和 P2；输出层把 P1 以上、P2 以下的区域判为蓝色"
            "叉叉。",
            "一个神经元计算 z = w·x + b，单靠它只能用一条直线做线性切分。隐藏层的每个神经元各"
            "画一条直线，从隐藏层到输出层再把这两条直线合并起来，原本不能线性切分的数据就变成"
            "了非线性切分。只有两个隐藏神经元时没有余量：少数随机初始化会陷入较差的局部最优，"
            "遇到这种情况，重新初始化权重即可。",
        ),
    },
    "presets": [
        _hidden("no hidden layer", network={"hidden_layer_sizes": []}),
        _hidden("two tanh units", network={"hidden_layer_sizes": [2], "activation": "tanh"}),
    ],
    "view": {"neurons": True, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 2. linear collapse

_DISC = {"dataset": "circle", "n_samples": 300, "noise": 0.05}
_collapse = _sharing(2000, data=_DISC, network={"hidden_layer_sizes": [8, 8, 8, 8]})

LINEAR_COLLAPSE: Lesson = {
    "id": "linear-collapse",
    "number": 2,
    "title": {"en": "Linear activations collapse depth", "zh": "线性激活函数让深度失效"},
    "text": {
        "en": _text(
            "Train the deep network whose hidden layers all use the linear activation g(z) = z. "
            "Then open 'same depth, tanh' and train it.",
            "However many linear layers are stacked, the boundary is one straight line and the "
            "accuracy is no better than a single neuron's. With tanh the same layers bend the "
            "boundary into a closed curve around the disc.",
            "A linear layer computes W x + b, and W3 (W2 (W1 x + b1) + b2) + b3 is again one map "
            "of the form W x + b. Without a non-linear activation any depth collapses to a "
            "linear model; only a non-linearity between the layers lets depth add power.",
        ),
        "zh": _text(
            "训练所有隐藏层都用线性激活函数 g(z) = z 的深层网络。然后打开预设“同样深度，tanh”"
            "并训练。",
            "无论叠加多少个线性层，决策边界都只是一条直线，准确率不比单个神经元高。换成 tanh "
            "后，同样的层数能把边界弯成一条围住圆盘的闭合曲线。",
            "线性层计算 W x + b，而 W3 (W2 (W1 x + b1) + b2) + b3 仍然是形如 W x + b 的线性"
            "变换。没有非线性的激活函数，多少层都等价于一个线性模型；只有在层与层之间加上非线性"
            "变换，加深网络才有意义。",
        ),
    },
    "presets": [
        _collapse("deep linear", network={"activation": "linear"}),
        _collapse("same depth, tanh", network={"activation": "tanh"}),
    ],
    "view": {"neurons": True, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 3. symmetry

_symmetry = _sharing(
    3000, data=_CROSSES, network={"hidden_layer_sizes": [4]}, training={"learning_rate": 0.1}
)

SYMMETRY: Lesson = {
    "id": "symmetry",
    "number": 3,
    "title": {"en": "Symmetric initialisation", "zh": "对称的初始化"},
    "text": {
        "en": _text(
            "Train the first preset, where every weight starts at the same constant. Then open "
            "'random weights' and train it.",
            "With constant weights all hidden thumbnails are identical at step 0 and are still "
            "identical thousands of steps later: four units act as one, and the single line "
            "they share cannot fence in the crosses. With random weights each unit finds its "
            "own line.",
            "If every hidden unit starts with the same weights, each computes the same value on "
            "the forward pass and receives the same gradient on the backward pass, so every "
            "update keeps them equal. However many hidden units there are, the layer works like "
            "one unit. Random initialisation breaks the symmetry.",
        ),
        "zh": _text(
            "训练第一个预设，它的所有权重都初始化为同一个常数。然后打开预设“随机权重”并训练。",
            "权重为常数时，所有隐藏神经元的缩略图在第 0 步完全相同，训练几千步后依然相同：四个"
            "隐藏单元只相当于一个，它们共用的一条直线围不住蓝色叉叉。随机初始化时，每个单元各自"
            "找到自己的直线。",
            "如果将每个隐藏单元的参数都初始化为相等的值，那么在正向传播时每个隐藏单元将根据相同"
            "的输入计算出相同的值，在反向传播中每个隐藏单元的参数梯度值也相等，迭代之后参数依然"
            "相等。无论隐藏单元有多少，隐藏层本质上只有 1 个隐藏单元在发挥作用。因此要随机初始化"
            "权重来打破对称。",
        ),
    },
    "presets": [
        _symmetry(
            "constant weights",
            network={"kernel_initializer": "constant", "kernel_init_scale": 0.5},
        ),
        _symmetry("random weights"),
    ],
    "view": {"neurons": True, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 4. vanishing

_vanishing = _sharing(2000, data=_DISC, network={"hidden_layer_sizes": [8] * 8})

VANISHING_GRADIENTS: Lesson = {
    "id": "vanishing-gradients",
    "number": 4,
    "title": {"en": "Vanishing gradients and dead ReLUs", "zh": "梯度消失与 ReLU 神经元死亡"},
    "text": {
        "en": _text(
            "Train the deep sigmoid network and look at the gradient-flow chart. Then train the "
            "same network with ReLU and with leaky ReLU. Last, open 'dead ReLU'.",
            "With sigmoid the first layers' gradients are over a hundred times smaller than the "
            "last layer's, so the first layers barely move and the loss stalls. With ReLU or "
            "leaky ReLU the bars stay within about a factor of ten of each other and the network "
            "learns. In 'dead ReLU' some hidden units output 0 for every point: their dead "
            "fraction is above zero and stays there however long you train.",
            "Backpropagation multiplies by g'(z) once per layer: delta[l] = (W[l+1]^T "
            "delta[l+1]) ⊙ g'(z[l]). The sigmoid's derivative is at most 0.25, so the product "
            "shrinks geometrically with depth. ReLU's derivative is 1 for z > 0, so the error "
            "passes through; but for z < 0 it is 0, and a unit whose input is negative on every "
            "point never receives a gradient again. Leaky ReLU keeps a small slope for z < 0.",
        ),
        "zh": _text(
            "训练深层 sigmoid 网络，观察梯度流图。再分别用 ReLU 和带泄漏 ReLU 训练同样的网络。"
            "最后打开预设“死亡 ReLU”。",
            "用 sigmoid 时，前几层的梯度比最后一层小一百倍以上，前几层几乎不动，代价降不下去。"
            "换成 ReLU 或带泄漏 ReLU 后，各层梯度相差在十倍左右以内，网络能学下去。在“死亡 "
            "ReLU”里，有些隐藏神经元对所有样本都输出 0：它们的死亡比例大于零，而且无论训练多久"
            "都不会恢复。",
            "反向传播每经过一层就要乘一次 g'(z)：δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ g′(z[l])。"
            "sigmoid 的导数最大只有 0.25，层数一多乘积就按几何级数变小，这就是梯度消失（梯度弥"
            "散）。ReLU 在 z > 0 时导数为 1，误差能传回去；但 z < 0 时梯度为 0，神经元此时不会"
            "训练，输入对所有样本都为负的神经元再也得不到梯度。带泄漏 ReLU 在 z < 0 时保留一个很"
            "小的斜率，不会有这个问题。",
        ),
    },
    "presets": [
        _vanishing("deep sigmoid", network={"activation": "sigmoid"}),
        _vanishing("deep ReLU", network={"activation": "relu"}),
        _vanishing("deep leaky ReLU", network={"activation": "leaky_relu", "leaky_slope": 0.1}),
        _vanishing(
            "dead ReLU",
            network={
                "hidden_layer_sizes": [16],
                "activation": "relu",
                "bias_initializer": "constant",
                "bias_init_scale": -2.0,
            },
        ),
    ],
    "view": {"neurons": True, "gradient_flow": True},
}

# ----------------------------------------------------------------------------- 5. initial scale

_scale = _sharing(1000, data=_DISC, network={"hidden_layer_sizes": [16] * 5})

INIT_SCALE: Lesson = {
    "id": "init-scale",
    "number": 5,
    "title": {"en": "The scale of the initial weights", "zh": "初始化权重的尺度"},
    "text": {
        "en": _text(
            "Look at the hidden thumbnails of the deep tanh network whose weights are drawn from "
            "N(0, 1), before and after training. Then open 'Xavier' and '1/sqrt(n_in)' and "
            "compare.",
            "With N(0, 1) weights the thumbnails are mostly flat patches of the two extreme "
            "colours with sharp edges: at most points the units sit within 0.1 of -1 or +1 "
            "(saturated), where g'(z) = 1 − a² is close to zero, so they pass almost no gradient "
            "back. With Xavier or 1/sqrt(n_in) the deeper thumbnails show smooth shading: the "
            "units work in their sensitive middle range.",
            "A weighted sum of n inputs with N(0, 1) weights has a standard deviation about "
            "sqrt(n) times the inputs', so |z| is large and tanh saturates, where g'(z) ≈ 0. "
            "Drawing the weights with standard deviation 1/sqrt(n_in), or Xavier's uniform "
            "U[-sqrt(6/(a+b)), sqrt(6/(a+b))], keeps each layer's output about as spread as its "
            "input.",
        ),
        "zh": _text(
            "观察权重从 N(0, 1) 采样的深层 tanh 网络在训练前后的隐藏神经元缩略图。然后打开"
            "预设“Xavier”和“1/√n₀”作比较（n₀ 为输入个数）。",
            "权重服从 N(0, 1) 时，缩略图大多是两种极端颜色的平坦色块，边缘很硬：在大多数点上"
            "神经元的值离 -1 或 +1 不到 0.1（饱和），此时 g'(z) = 1 − a² 接近于零，几乎传不回"
            "梯度。用 Xavier 或 1/√n₀ 初始化时，较深层的缩略图是平滑过渡的颜色：神经元"
            "工作在敏感的中间区域。",
            "n 个输入以 N(0, 1) 的权重加权求和，带权输入 z 的标准差约为输入的 √n 倍，|z| "
            "很大，tanh 进入饱和区，g'(z) ≈ 0。让权重的标准差为 1/√n₀，或者用 Xavier "
            "初始化（从均匀分布 U[−√(6/(a+b)), √(6/(a+b))] 采样），每层输出的方差就不会"
            "随输入个数变大。",
        ),
    },
    "presets": [
        _scale(
            "N(0, 1) weights",
            network={"kernel_initializer": "random_normal", "kernel_init_scale": 1.0},
        ),
        _scale("Xavier", network={"kernel_initializer": "glorot_uniform"}),
        _scale("1/sqrt(n_in)", network={"kernel_initializer": "lecun_normal"}),
    ],
    "view": {"neurons": True, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 6. cost slowdown

_SATURATED = {
    "hidden_layer_sizes": [],
    "kernel_initializer": "zeros",
    "bias_initializer": "constant",
    "bias_init_scale": 5.0,
}
_CLUSTERS = {"dataset": "gaussians", "n_samples": 200, "noise": 0.0}
_cost = _sharing(2000, data=_CLUSTERS, network=_SATURATED, training={"learning_rate": 0.1})

COST_SLOWDOWN: Lesson = {
    "id": "cost-slowdown",
    "number": 6,
    "title": {"en": "The quadratic cost learns slowly", "zh": "二次代价函数的学习缓慢"},
    "text": {
        "en": _text(
            "Both presets start from the same single sigmoid neuron, whose large bias makes it "
            "answer 'class 1' with probability 0.99 everywhere. Train 'quadratic cost' (MSE), "
            "then 'cross-entropy', and compare their loss curves.",
            "Under the quadratic cost the loss stays nearly flat for a long time before it drops. "
            "Under cross-entropy it falls at once, although the start is the same and just as "
            "wrong.",
            "For a sigmoid output the quadratic cost's gradient is (a − y)·σ'(z); a saturated "
            "neuron has σ'(z) ≈ 0, so a badly wrong neuron learns slowly. The cross-entropy's "
            "gradient is just (a − y): the larger the error, the faster it learns.",
        ),
        "zh": _text(
            "两个预设从同一个 sigmoid 神经元出发，它的偏置很大，对每个点都以 0.99 的概率回答"
            "“类别 1”。先训练预设“二次代价”（MSE），再训练预设“交叉熵”，"
            "比较两条代价曲线。",
            "用二次代价函数时，代价曲线很长时间几乎是平的，之后才下降；用交叉熵代价函数时，同样"
            "错得离谱的起点，代价立刻开始下降。",
            "输出为 sigmoid 时，二次代价的梯度是 (a − y)·σ'(z)；神经元饱和时 σ'(z) ≈ 0，所以明明"
            "误差很大，学习却很缓慢。交叉熵代价的梯度就是 (a − y)，不含 σ'(z)：误差越大，学习"
            "速度越快。",
        ),
    },
    "presets": [
        _cost("quadratic cost", network={"loss": "mse"}),
        _cost("cross-entropy", network={"loss": "cross_entropy"}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 7. batch size

_N_TRAIN = 120  # 0.6 of 200 points
_EPOCHS = 20
_batch = _sharing(
    _EPOCHS,
    data={"dataset": "circles_crosses", "n_samples": 200, "noise": 0.05},
    network={"hidden_layer_sizes": [4]},
)

BATCH_SIZE: Lesson = {
    "id": "batch-size",
    "number": 7,
    "title": {"en": "Batch size", "zh": "批量大小"},
    "text": {
        "en": _text(
            f"Train each preset for {_EPOCHS} epochs (watch the epoch counter): stochastic "
            "gradient descent with batch size 1, mini-batches of 10, and the full batch.",
            "With batch size 1 the loss curve is jagged: each step follows one point, sometimes "
            "the wrong way. The full-batch curve is smooth, but it makes one update per epoch, "
            "so after the same number of epochs it has gone much less far. Mini-batches sit in "
            "between: smoother than batch size 1, further per epoch than the full batch.",
            "A mini-batch's gradient estimates the gradient over the whole training set; the "
            "fewer examples, the noisier the estimate. Smaller batches make more updates per "
            "epoch, so they make progress sooner per example seen, but they never settle and "
            "keep wandering around the minimum.",
        ),
        "zh": _text(
            f"每个预设训练 {_EPOCHS} 个迭代期（看迭代期计数）：批量大小为 1 的随机梯度下降、"
            "大小为 10 的小批量梯度下降、以及全批量梯度下降。",
            "批量大小为 1 时，代价曲线锯齿很多：每一步只看一个样本，有时会走错方向。全批量的曲线"
            "很平滑，但每个迭代期只更新一次，同样的迭代期数下走得远不如前者。小批量介于两者之间："
            "比批量为 1 平滑，每个迭代期又比全批量走得远。",
            "小批量上的梯度是整个训练集梯度的估计，样本越少，估计的噪声越大。批量越小，每个迭代期"
            "更新的次数越多，看同样多的样本进展更快；但随机梯度下降永远不会真正收敛，而是一直在"
            "最小值附近波动。",
        ),
    },
    "presets": [
        _batch("stochastic (batch 1)", _EPOCHS * _N_TRAIN, training={"batch_size": 1}),
        _batch("mini-batch (10)", _EPOCHS * _N_TRAIN // 10, training={"batch_size": 10}),
        _batch("full batch", _EPOCHS, training={"batch_size": _N_TRAIN}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 8. learning rate

_rate = _sharing(
    2000, data=_CROSSES, network={"hidden_layer_sizes": [8, 8], "activation": "leaky_relu"}
)

LEARNING_RATE: Lesson = {
    "id": "learning-rate",
    "number": 8,
    "title": {"en": "Learning rate", "zh": "学习率"},
    "text": {
        "en": _text(
            "Train the same network with three learning rates: too small, well chosen and too "
            "large.",
            "Too small: after 2000 steps the loss has hardly moved. Well chosen: the loss "
            "falls steadily and flattens out. Too large: the loss jumps up and down or shoots off "
            "to infinity, and the playground stops with the 'diverged' banner.",
            "Each step moves the weights by −η times the gradient. The gradient only describes "
            "the cost near the current weights; if η is too large a step overshoots the minimum "
            "and lands higher than it started, and the overshoots grow. If η is too small every "
            "step is tiny and learning crawls.",
        ),
        "zh": _text(
            "用三个学习率训练同一个网络：太小、合适、太大。",
            "太小：训练 2000 步后代价几乎没变。合适：代价稳步下降后趋于平稳。太大：代价上下震荡，"
            "或者直接飞向无穷大，训练停止并显示“代价变得过大（发散）”的提示。",
            "每一步把权重沿梯度方向移动 −η 倍。梯度只描述当前权重附近的代价；η 太大时一步会越过"
            "最小值，落在比出发点更高的地方，越跳越远，不容易收敛。η 太小时每一步都很小，"
            "学习很慢。",
        ),
    },
    "presets": [
        _rate("too small", training={"learning_rate": 0.00003}),
        _rate("well chosen", training={"learning_rate": 0.03}),
        _rate("too large", training={"learning_rate": 10.0}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 9. softmax

SOFTMAX: Lesson = {
    "id": "softmax",
    "number": 9,
    "title": {"en": "Softmax for several classes", "zh": "柔性最大值（softmax）多分类"},
    "text": {
        "en": _text(
            "Train the network on the three-arm spiral. Its output layer has three neurons "
            "followed by softmax, one per arm.",
            "The output shows three colours, one per class, and the boundaries wind along the "
            "arms. At every point the three class probabilities are positive and add up to one; "
            "where the colours blend, no class is sure.",
            "softmax(z)_i = exp(z_i) / Σ_j exp(z_j) turns the output layer's weighted inputs "
            "into positive numbers that sum to one, a probability distribution over mutually "
            "exclusive classes; with the categorical cross-entropy the output error is simply "
            "ŷ − y. A sigmoid output is the two-class case.",
        ),
        "zh": _text(
            "在三条臂的螺旋数据上训练网络。输出层有三个神经元，接 softmax，每条臂对应一个。",
            "输出图有三种颜色，每类一种，边界沿着螺旋臂盘旋。在任意一点，三个类别的概率都为正，"
            "而且和为 1；颜色混在一起的地方，没有哪一类有把握。",
            "softmax(z)_i = exp(z_i) / Σ_j exp(z_j) 把输出层的带权输入变换成值为正且和为 1 的"
            "概率分布，适合互斥的多个类别；配合交叉熵代价函数，输出层的误差就是 ŷ − y。sigmoid "
            "输出相当于两个类别的 softmax。",
        ),
    },
    "presets": [
        _preset(
            "three-arm spiral",
            4000,
            data={"dataset": "spiral", "n_samples": 600, "noise": 0.0, "n_classes": 3},
            network={"hidden_layer_sizes": [16, 16], "activation": "tanh", "output": "multiclass"},
            training={"optimizer": "adam", "learning_rate": 0.01, "batch_size": 16},
        ),
    ],
    "view": {"neurons": False, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 10. overfitting

_overfit = _sharing(
    3000,
    data={"dataset": "circles_crosses", "n_samples": 200, "noise": 0.4, "train_ratio": 0.3},
    network={"hidden_layer_sizes": [16, 16], "activation": "tanh"},
    training={"learning_rate": 0.1, "batch_size": 10},
)

OVERFITTING: Lesson = {
    "id": "overfitting",
    "number": 10,
    "title": {"en": "Overfitting and its cures", "zh": "过度拟合和规范化"},
    "text": {
        "en": _text(
            "Train the big network on a few noisy points with no regularisation and watch the "
            "training and test loss curves. Then try each cure: L2, dropout, early stopping, "
            "more data.",
            "Without regularisation the training loss keeps falling while the test loss reaches "
            "its minimum early and then climbs: the boundary twists to fit the noise. Each cure "
            "narrows the gap between the two curves.",
            "With many weights and few points the network can memorise the noise. L2 adds λ/2n "
            "Σ w² to the cost, so every step shrinks the weights (weight decay) and the boundary "
            "stays smooth; dropout switches off a random half of the hidden units for each "
            "training example, so no unit can rely on the others; early stopping halts when the "
            "validation loss has stopped improving and keeps the best weights; more data leaves "
            "less noise to memorise.",
        ),
        "zh": _text(
            "在少量带噪声的点上训练一个大网络，不加规范化，观察训练集和测试集的代价曲线。然后"
            "逐个尝试：L2 规范化、弃权、提前停止、更多训练数据。",
            "不加规范化时，训练集代价一直在降低，测试集代价却很早就到达最低点然后上升：决策边界"
            "扭曲着去拟合噪声，这就是过度拟合。每种方法都能缩小两条曲线之间的差距。",
            "权重多、样本少时，网络能把噪声也记住。L2 规范化在代价上加上 λ/2n Σ w²，每一步都让"
            "权重按比例缩小（权重衰减），边界保持平滑；弃权对每个训练样本临时随机删除一半隐藏"
            "神经元，使神经元不能依赖其他神经元；提前停止在验证集代价不再下降时结束训练，并保留"
            "最好的权重；更多的训练数据让网络没有那么多噪声可以记住。",
        ),
    },
    "presets": [
        _overfit("no regularisation"),
        _overfit("L2", training={"regularization": "l2", "alpha": 1.0}),
        _overfit("dropout", training={"dropout": 0.5}),
        _overfit("early stopping", training={"early_stopping": True, "patience": 20}),
        _overfit("more data", data={"n_samples": 1000}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
}

# ----------------------------------------------------------------------------- 11. η, then λ

_FEW_NOISY = {
    "dataset": "circles_crosses",
    "n_samples": 1000,
    "noise": 0.4,
    "train_ratio": 0.1,
    "val_ratio": 0.1,
}
"""100 noisy training points (enough to overfit) and 800 test points (a steady measure)."""
_TUNING_NET = {"hidden_layer_sizes": [16, 16], "activation": "tanh"}
_TUNING_EPOCHS = 100
_TUNING_STEPS = _TUNING_EPOCHS * 10  # 100 training points in batches of 10
_tuning = _sharing(
    _TUNING_STEPS,
    data=_FEW_NOISY,
    network=_TUNING_NET,
    training={"learning_rate": 0.1, "batch_size": 10, "regularization": "l2", "alpha": 0.0},
)
RATES = [0.001, 0.01, 0.1, 1.0, 10.0]
"""The learning rates of lesson 11's grid, one order of magnitude apart."""
ALPHAS = [0.0, 0.1, 1.0, 10.0]
"""The L2 rates λ of lesson 11's grid, found by order of magnitude as the notes advise."""

RATE_THEN_LAMBDA: Lesson = {
    "id": "rate-then-lambda",
    "number": 11,
    "title": {"en": "Choosing η first, then λ", "zh": "先选学习率，再选规范化参数"},
    "text": {
        "en": _text(
            "Press 'Run this sweep': it trains every pair of five learning rates η (rows, from "
            "0.001 to 10) and four L2 rates λ (columns, 0 to 10), two seeds each, for "
            f"{_TUNING_EPOCHS} epochs, and colours each cell by its validation loss. Then open "
            "the two presets and train them.",
            "Read the λ = 0 column first: η = 0.001 has hardly learned, η = 10 overshoots and ends "
            "far above the loss it started from, and the best η lies in between. Along that η's "
            "row, a moderate λ lowers the validation loss further, while a λ of 10 flattens the "
            "boundary so much that it underfits. The best cell of the whole grid sits on the row "
            "chosen with λ = 0.",
            "The notes' advice: start without regularisation and find η by orders of magnitude, "
            "large enough that the cost falls at once, small enough that it does not oscillate; "
            "then, with that η fixed, search λ by order of magnitude. η decides whether training "
            "works at all, λ only fine-tunes the fit, so tuning them one after the other needs "
            "far fewer runs than searching both finely. Judge by the validation data, never the "
            "test data, and let a grid search do the bookkeeping.",
        ),
        "zh": _text(
            "点“运行这个扫描”：它把五个学习率 η（行，从 0.001 到 10）和四个 L2 规范化参数 λ（列，"
            f"从 0 到 10）两两组合，每种组合用两个随机种子训练 {_TUNING_EPOCHS} 个迭代期，并按"
            "验证集代价给每个格子上色。然后打开两个预设并训练。",
            "先看 λ = 0 那一列：η = 0.001 几乎没学到东西，η = 10 步子太大，代"
            "价最后比起点还高得多，最好的 η 在两者之间。再沿着这个 η 所在的行看：适中的 λ 让"
            "验证集代价进一步降低，而 λ = 10 把决策边界压得太平，出现欠拟合。整个网格里最好的"
            "格子，就在 λ = 0 时选出的那一行上。",
            "笔记里的建议是：先不用规范化，按数量级寻找学习率 η，要大到代价立即开始下降，又要"
            "小到不会震荡；然后固定这个 η，再按数量级选择 λ。η 决定训练能不能进行，λ 只是微调"
            "拟合的程度，所以先后逐个调整，比同时精细搜索两者需要的训练次数少得多。判断要看"
            "验证集，不能看测试集；用网格搜索系统地记录每个组合的结果。",
        ),
    },
    "presets": [
        _tuning("η = 0.1, no L2"),
        _tuning("η = 0.1, λ = 1", training={"alpha": 1.0}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
    "sweep": {
        "base": _config(_FEW_NOISY, _TUNING_NET, {"batch_size": 10, "regularization": "l2"}),
        "grid": {"training.learning_rate": RATES, "training.alpha": ALPHAS},
        "seeds": 2,
        "budget": {"epochs": _TUNING_EPOCHS},
        "metric": "val_loss",
    },
}

# ----------------------------------------------------------------------------- 12. seed spread

_SPREAD_EPOCHS = 300
_SPREAD_SEEDS = 8
_spread = _sharing(
    _SPREAD_EPOCHS * 10,
    data=_FEW_NOISY,
    network=_TUNING_NET,
    training={"learning_rate": 0.1, "batch_size": 10, "regularization": "l2", "alpha": 0.0},
)

SEED_SPREAD: Lesson = {
    "id": "seed-spread",
    "number": 12,
    "title": {"en": "Seed to seed: L2 makes runs agree", "zh": "不同随机种子：L2 让结果一致"},
    "text": {
        "en": _text(
            f"Press 'Run this sweep': it trains the same network {_SPREAD_SEEDS} times, each "
            "with its own random seed (its own points and starting weights), without L2 "
            f"(λ = 0) and with it (λ = 1), for {_SPREAD_EPOCHS} epochs. Then train the two "
            "presets and reset to new seeds a few times.",
            "Look at the ± after each cell's test loss: the spread over the seeds. Without L2 "
            "the test loss typically varies two to three times more from seed to seed than with "
            "it, and the thumbnails of the unregularised runs twist in different ways; with L2 "
            "they look alike and the test loss is also lower.",
            "The notes observe that unregularised runs started from different seeds get stuck in "
            "different places and give very different results, while regularised runs are easy "
            "to reproduce. Without regularisation nothing stops the weights from growing; large "
            "weights make the boundary bend around whichever noisy points a seed happened to "
            "draw, and once they are large gradient descent only moves them a little. L2 keeps "
            "the weights small, so every seed settles on a similar smooth boundary.",
        ),
        "zh": _text(
            f"点“运行这个扫描”：它把同一个网络训练 {_SPREAD_SEEDS} 次，每次用不同的随机种子"
            "（数据点和初始权重都不同），分别不加 L2（λ = 0）和加 L2（λ = 1），各训练 "
            f"{_SPREAD_EPOCHS} 个迭代期。然后训练两个预设，并多次重置为新的随机种子。",
            "看每个格子里测试集代价后面的 ±：它是不同随机种子之间的波动。不加 L2 时，测试集代价"
            "随种子的波动通常是加 L2 时的两到三倍，未规范化网络的缩略图各自扭曲成不同的形状；加了 "
            "L2 后，各次的边界看上去差不多，测试集代价也更低。",
            "笔记里提到：用不同的随机种子多次训练时，没有规范化的网络会困在不同的局部最优，"
            "每次给出相差很大的结果，而规范化能让结果容易复现。没有规范化时，权重可以无限增大；"
            "权重很大时，决策边界会绕着某个种子恰好抽到的噪声点弯曲，而且梯度下降只能带来微小的"
            "变化，很难走出困境。L2 规范化让权重保持较小，每个种子都会停在相似的平滑边界上。",
        ),
    },
    "presets": [
        _spread("no regularisation"),
        _spread("L2", training={"alpha": 1.0}),
    ],
    "view": {"neurons": False, "gradient_flow": False},
    "sweep": {
        "base": _config(
            _FEW_NOISY,
            _TUNING_NET,
            {"learning_rate": 0.1, "batch_size": 10, "regularization": "l2"},
        ),
        "grid": {"training.alpha": [0.0, 1.0]},
        "seeds": _SPREAD_SEEDS,
        "budget": {"epochs": _SPREAD_EPOCHS},
        "metric": "test_loss",
    },
}

# ----------------------------------------------------------------------------- side by side


def _side_by_side(lesson: Lesson, labels: dict[str, tuple[str, str]]) -> list[CompareRun]:
    """The comparison of some of `lesson`'s presets, by name → (English label, Chinese label).

    The presets compared share their data and seed, so the runs see the same points."""
    configs = {preset["name"]: preset["config"] for preset in lesson["presets"]}
    return [
        {"label": {"en": en, "zh": zh}, "config": deepcopy(configs[name])}
        for name, (en, zh) in labels.items()
    ]


SYMMETRY["compare"] = _side_by_side(
    SYMMETRY,
    {
        "constant weights": ("all weights equal", "权重全部相等"),
        "random weights": ("random weights", "随机权重"),
    },
)
INIT_SCALE["compare"] = _side_by_side(
    INIT_SCALE,
    {
        "N(0, 1) weights": ("N(0, 1) weights", "N(0, 1) 权重"),
        "Xavier": ("Xavier", "Xavier 初始化"),
        "1/sqrt(n_in)": ("1/√n_in", "1/√n₀ 初始化"),
    },
)
COST_SLOWDOWN["compare"] = _side_by_side(
    COST_SLOWDOWN,
    {
        "quadratic cost": ("quadratic cost (MSE)", "二次代价（MSE）"),
        "cross-entropy": ("cross-entropy", "交叉熵"),
    },
)
BATCH_SIZE["compare"] = _side_by_side(
    BATCH_SIZE,
    {
        "stochastic (batch 1)": ("batch size 1", "批量大小 1"),
        "mini-batch (10)": ("mini-batch of 10", "小批量 10"),
        "full batch": (f"full batch ({_N_TRAIN})", f"全批量（{_N_TRAIN}）"),
    },
)
LEARNING_RATE["compare"] = _side_by_side(
    LEARNING_RATE,
    {
        "too small": ("η = 0.00003, too small", "η = 0.00003，太小"),
        "well chosen": ("η = 0.03, well chosen", "η = 0.03，合适"),
        "too large": ("η = 10, too large", "η = 10，太大"),
    },
)
OVERFITTING["compare"] = _side_by_side(
    OVERFITTING,
    {
        "no regularisation": ("no regularisation", "不加规范化"),
        "L2": ("L2, λ = 1", "L2 规范化，λ = 1"),
        "dropout": ("dropout 0.5", "弃权 0.5"),
    },
)

LESSONS: tuple[Lesson, ...] = (
    HIDDEN_LAYER,
    LINEAR_COLLAPSE,
    SYMMETRY,
    VANISHING_GRADIENTS,
    INIT_SCALE,
    COST_SLOWDOWN,
    BATCH_SIZE,
    LEARNING_RATE,
    SOFTMAX,
    OVERFITTING,
    RATE_THEN_LAMBDA,
    SEED_SPREAD,
)
"""Every lesson in the order the page lists them."""


def describe() -> list[Lesson]:
    """Every lesson as plain JSON for GET /api/lessons (a copy: callers may change it)."""
    return deepcopy(list(LESSONS))


def get_lesson(lesson_id: str) -> Lesson:
    """A copy of the lesson called `lesson_id`, or ValueError listing the valid ids."""
    for lesson in LESSONS:
        if lesson["id"] == lesson_id:
            return deepcopy(lesson)
    valid = ", ".join(lesson["id"] for lesson in LESSONS)
    raise ValueError(f"unknown lesson {lesson_id!r}; choose one of: {valid}")


def get_preset(lesson_id: str, name: str) -> Preset:
    """A copy of preset `name` of lesson `lesson_id`, or ValueError listing its presets."""
    presets = get_lesson(lesson_id)["presets"]
    for preset in presets:
        if preset["name"] == name:
            return preset
    valid = ", ".join(repr(preset["name"]) for preset in presets)
    raise ValueError(f"lesson {lesson_id!r} has no preset {name!r}; choose one of: {valid}")

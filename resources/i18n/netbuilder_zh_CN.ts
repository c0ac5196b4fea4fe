<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttentionView</name>
    <message>
        <source>head {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>largest weight {0:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} heads over {2} steps; each row sums to 1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasScene</name>
    <message>
        <source>Fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>An empty network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag a layer from the &lt;b&gt;Layers&lt;/b&gt; panel onto the canvas,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or press &lt;b&gt;Tab&lt;/b&gt; here and type a layer&apos;s name (Dense, Conv2D, LSTM…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most networks start with an &lt;a href=&apos;add:Input&apos;&gt;Input&lt;/a&gt; layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or pick a dataset in the &lt;b&gt;Dataset&lt;/b&gt; panel first: the app proposes the Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and the output layer for it, and you drop hidden layers on the link between them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or open a ready-made network from &lt;b&gt;File ▸ Examples&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Select two or more runs in Runs and press Compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(solid: validation loss, dashed: training loss)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Loading the dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset chosen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiagnosticsDocks</name>
    <message>
        <source>Gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LR finder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>{label} takes no inputs, so it cannot go on a connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert {label}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{node}&apos; has no input to insert before</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>The layer to explain (selecting a layer on the canvas picks it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which unit (output row) of the weight matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which input (column) of that unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explain next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause training, pick a layer and press Explain next step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One real step of the run on a batch of {0} samples ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forward, first sample: {0} receives {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>                       unit {0} gives {1:.4g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss on the batch: {0:.6g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight {0}{1}: before {2:.6g}, gradient ∂L/∂w = {3:.6g}, update Δw = {4:.6g}, after {5:.6g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the optimiser&apos;s rule with this step&apos;s numbers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the rule:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dynamic int8 quantisation of Linear layers (pt only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ The file name ends in {actual}, but this format writes a {suffix} file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ The file name has no extension; this format writes a {suffix} file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported and verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export FAILED</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <source>Click a feature map to see how one of its values is computed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;, channel {1}, position ({2}, {3}) = {4:.4f} (a pooling layer: the {5} of its window in the layer before)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} = {1:.4f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;, channel {1}, position ({2}, {3}): Σ over the {4} input channel(s) of {5} of patch × kernel, + bias&lt;br&gt;channel 0 of the patch × kernel: &lt;table cellspacing=&apos;6&apos;&gt;{6}&lt;/table&gt;= {7:+.4f}; per channel: {8}&lt;br&gt;sum {9:+.4f} + bias {10:+.4f} = &lt;b&gt;{11:+.4f}&lt;/b&gt; (the map holds {12:+.4f}; after ReLU: {13:.4f})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <source>The convolution whose filters are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} filters of {2}×{3}×{4} · largest |w| = {5:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel {0}, weight ({1}, {2}) = {3:+.4f}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradientFlowPanel</name>
    <message>
        <source>‖gradient‖ per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>‖update‖ / ‖weight‖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train to see how the gradient reaches each layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ The gradient reaches every layer: no layer&apos;s norm vanishes or explodes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HiddenStatesView</name>
    <message>
        <source>input (line) · next value: target ● and prediction ✕</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prediction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden state h (unit × time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next value: predicted &lt;b&gt;{0:+.3f}&lt;/b&gt;, target {1:+.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted class &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}), true class {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LRFinder</name>
    <message>
        <source>Use the suggested learning rate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LRFinderPanel</name>
    <message>
        <source>Loss against learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trains a copy of the network briefly while the learning rate grows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {0}/{1}: learning rate {2:.2g}, loss {3:.3g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped when the loss blew up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss never fell ({0}): no suggestion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested learning rate: {0:.3g} (a tenth of where the loss starts to climb; {1}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>random directions (filter-normalised)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>principal directions of the path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss around the current weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing row {0} of {1}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause training, then press Loss landscape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>principal directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centre (the current weights): loss {0:.6g} · {1} · colour: log10 of the loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · cancelled: rows not computed are blank</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerCategories</name>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerParams</name>
    <message>
        <source>shape of one sample, e.g. 2, or 1×28×28, or 20×1 for sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float32 for numbers, int64 for token ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of output units (neurons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learn an additive bias b</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of output channels (filters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step between kernel positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zeros added on each side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learn an additive bias per channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>window size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step between windows (0 = same as the window size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zeros added on each side (at most half the window)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size of the hidden state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stacked recurrent layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the activation f</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>also read the sequence backwards (doubles the output size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>return the last time step (for a classifier) or all steps (to stack layers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention heads (must divide the feature size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropout on the attention weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each step attends only to itself and earlier steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden size of the feed-forward block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropout probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feed-forward activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LayerNorm before (pre-norm) rather than after each block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed sin/cos waves or a learned table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longest sequence supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vocabulary size (token ids 0 .. n-1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>size of each vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added to the variance for stability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running statistics update rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability of dropping a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scale for negative inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dimension that sums to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dimension to join along (-1 = last, 0 = first after the batch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new shape without the batch dimension</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <source>The network&apos;s input: one sample&apos;s shape, without the batch dimension.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully connected layer y = W·x + b; acts on the last dimension.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-D convolution: slides learned kernels over the input, multiply-accumulate at each position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D convolution: slides learned kernels over the input, multiply-accumulate at each position.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes the maximum over each window, shrinking the spatial size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes the average over each window, shrinking the spatial size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Averages each channel over the whole image: (C, H, W) -&gt; (C,).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simple recurrent layer h_t = f(W·x_t + U·h_{t-1} + b).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long short-term memory: input, forget and output gates keep a cell state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gated recurrent unit: update and reset gates; lighter than an LSTM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi-head self-attention softmax(Q·Kᵀ/√d_k)·V over a (time, features) sequence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-attention and a feed-forward block, each with a residual connection and LayerNorm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds position information to a (time, features) sequence: fixed sinusoids or learned vectors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looks up a learned vector for each integer token id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each feature over the batch, then scales and shifts (features or channels×length).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each channel of an image over the batch, then scales and shifts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises the last dimension of each sample, then scales and shifts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>During training, zeroes each value with probability p (and scales the rest); off at inference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes the input through unchanged (linear activation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max(0, x): the hinge that piecewise-linear networks are built from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x for x &gt; 0, slope·x otherwise: never completely dead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 / (1 + e^-x): squashes to (0, 1); binary probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperbolic tangent: squashes to (-1, 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x·sigmoid(x): smooth, non-monotonic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x·Φ(x): the smooth ReLU used in Transformers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x for x &gt; 0, α(eˣ−1) otherwise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns scores into probabilities that sum to 1 (classification output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Element-wise sum of all inputs (same shapes): residual / skip connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joins all inputs along one dimension (other dimensions must match).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flattens each sample to a vector, e.g. (64, 3, 3) -&gt; (576,).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gives each sample a new shape with the same number of values (-1 infers one size).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the training engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ The training engine could not start: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrange the network to fit the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MisclassifiedView</name>
    <message>
        <source>Looking for misclassified test images…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of the first {1} test images are misclassified now (true → predicted); click one to see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mistakes among the first {0} test images.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NeuronView</name>
    <message>
        <source>{0}: {1:+.3f} at {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · unit {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (+{0} more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight from {0} to {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a problem that has a quick fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegionOverlay</name>
    <message>
        <source>Linear regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour the plane by which ReLUs are on: the network is linear in each region (for ReLU networks; a reopened run shows the count until it trains again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} regions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>⚠ this run is not recorded: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ run not saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {0} damaged run folder(s) listed in Runs: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ run {0} cannot be opened: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ the run saved in {0} is damaged ({1}); its weights were kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {0} is training: stop it before deleting it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsDocks</name>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {0}? Their weights, checkpoints and logs are removed from the disk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this run and put its network and settings into the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlay the curves of the selected runs and list their settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>continued from {0} at epoch {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaliencyView</name>
    <message>
        <source>input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saliency (gradient × input)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pixel ({0}, {1}): {2:+.4f}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SamplePicker</name>
    <message>
        <source>The test sample these views show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test sample {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SequenceViews</name>
    <message>
        <source>class {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target {0:.2f}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrub through the checkpoints kept while this run trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new run from this checkpoint with the current settings (e.g. a lower learning rate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Open run {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added an Input of shape {shape} and an output layer of {n}: drop hidden layers on the link</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingDocks</name>
    <message>
        <source>Stop training first: dead units are re-initialised between runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train first: there are no weights to repair yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ cannot re-initialise: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dead units to re-initialise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} ({1}); Edit ▸ Undo puts the old weights back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Training stopped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Find learning rate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short range test on a copy of the network: loss against a growing learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested for this data: {why}. A value you set replaces it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnitHealthPanel</name>
    <message>
        <source>dead / saturated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linear regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose histogram the heat map shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-initialise dead units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give every dead ReLU unit of every layer a fresh start (one undo step)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heat map:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train to see which units are alive, dead or saturated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>activations of {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1:.0%} dead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1:.0%} saturated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} linear regions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_FrameView</name>
    <message>
        <source>predicted &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}) · true {2} {3}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_SequenceView</name>
    <message>
        <source>The layer shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

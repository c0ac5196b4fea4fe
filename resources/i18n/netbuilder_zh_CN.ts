<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>an unsaved project</source>
        <translation>未保存的项目</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>NetBuilder did not close properly last time.

Recover the changes to {what} autosaved at {when}?</source>
        <translation>NetBuilder 上次没有正常关闭。

要恢复对“{what}”的更改吗？（自动保存于 {when}）</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>无法恢复</translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>head {0}</source>
        <translation>注意力头 {0}</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>largest weight {0:.3f}</source>
        <translation>最大权重 {0:.3f}</translation>
    </message>
    <message>
        <source>{0}: {1} heads over {2} steps; each row sums to 1</source>
        <translation>{0}：{1} 个注意力头，{2} 个时间步；每行之和为 1</translation>
    </message>
</context>
<context>
    <name>CanvasScene</name>
    <message>
        <source>Fix: {fix}</source>
        <translation>修复：{fix}</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>删除连接</translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>An empty network</source>
        <translation>空网络</translation>
    </message>
    <message>
        <source>Drag a layer from the &lt;b&gt;Layers&lt;/b&gt; panel onto the canvas,</source>
        <translation>把一个层从&lt;b&gt;层&lt;/b&gt;面板拖到画布上，</translation>
    </message>
    <message>
        <source>or press &lt;b&gt;Tab&lt;/b&gt; here and type a layer&apos;s name (Dense, Conv2D, LSTM…).</source>
        <translation>或在这里按 &lt;b&gt;Tab&lt;/b&gt; 键并输入层的名称（Dense、Conv2D、LSTM…）。</translation>
    </message>
    <message>
        <source>Most networks start with an &lt;a href=&apos;add:Input&apos;&gt;Input&lt;/a&gt; layer.</source>
        <translation>大多数网络从一个 &lt;a href=&apos;add:Input&apos;&gt;Input（输入层）&lt;/a&gt; 开始。</translation>
    </message>
    <message>
        <source>Or pick a dataset in the &lt;b&gt;Dataset&lt;/b&gt; panel first: the app proposes the Input</source>
        <translation>也可以先在&lt;b&gt;数据集&lt;/b&gt;面板中选择数据集：程序会为它建议输入层</translation>
    </message>
    <message>
        <source>and the output layer for it, and you drop hidden layers on the link between them.</source>
        <translation>和输出层，你再把隐藏层放到它们之间的连线上。</translation>
    </message>
    <message>
        <source>Or open a ready-made network from &lt;b&gt;File ▸ Examples&lt;/b&gt;.</source>
        <translation>或者从&lt;b&gt;文件 ▸ 示例&lt;/b&gt;打开一个现成的网络。</translation>
    </message>
</context>
<context>
    <name>CodeView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole code to the clipboard</source>
        <translation>把全部代码复制到剪贴板</translation>
    </message>
    <message>
        <source>Generated PyTorch code (read-only)</source>
        <translation>生成的 PyTorch 代码（只读）</translation>
    </message>
    <message>
        <source>Code generation unavailable</source>
        <translation>代码生成不可用</translation>
    </message>
    <message>
        <source>Fix the problems to see the code</source>
        <translation>修复问题后才能看到代码</translation>
    </message>
    <message>
        <source>Code generation failed</source>
        <translation>代码生成失败</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Select two or more runs in Runs and press Compare.</source>
        <translation>在“运行记录”中选择两个或更多运行，然后按“比较”。</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>(solid: validation loss, dashed: training loss)</source>
        <translation>（实线：验证损失，虚线：训练损失）</translation>
    </message>
</context>
<context>
    <name>CompressionPanel</name>
    <message>
        <source> epochs</source>
        <translation> 个轮次</translation>
    </message>
    <message>
        <source>Train the pruned network this many epochs more (zeros stay zero)</source>
        <translation>剪枝后的网络再训练这么多轮次（为零的权重保持为零）</translation>
    </message>
    <message>
        <source>Distil a student</source>
        <translation>蒸馏一个学生网络</translation>
    </message>
    <message>
        <source>Budget of the student (a copy with a third of the hidden units), with and without the teacher</source>
        <translation>学生网络（隐藏单元为原来三分之一的副本）的训练预算，有教师和无教师各训练一次</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Metric vs sparsity</source>
        <translation>指标与稀疏度</translation>
    </message>
    <message>
        <source>Train the network, then press Compute.</source>
        <translation>先训练网络，再按“计算”。</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation>大小（字节）</translation>
    </message>
    <message>
        <source>Zipped (bytes)</source>
        <translation>压缩后（字节）</translation>
    </message>
    <message>
        <source>Non-zero params</source>
        <translation>非零参数</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Δ vs float</source>
        <translation>相对浮点的变化 Δ</translation>
    </message>
    <message>
        <source>The file after zlib: pruned zeros compress away</source>
        <translation>经 zlib 压缩后的文件大小：剪掉的零会被压缩掉</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Keep as run</source>
        <translation>保存为一次运行</translation>
    </message>
    <message>
        <source>Show in views</source>
        <translation>在视图中显示</translation>
    </message>
    <message>
        <source>Make this variant&apos;s weights the current run&apos;s (same graph only)</source>
        <translation>把这个变体的权重用作当前运行的权重（仅限相同的图）</translation>
    </message>
    <message>
        <source>Test metric against sparsity</source>
        <translation>测试集指标随稀疏度的变化</translation>
    </message>
    <message>
        <source>sparsity (%)</source>
        <translation>稀疏度（%）</translation>
    </message>
    <message>
        <source>Structured</source>
        <translation>结构化</translation>
    </message>
    <message>
        <source>Remove whole units/channels: a smaller graph, not just zeros</source>
        <translation>移除整个单元/通道：得到更小的图，而不只是置零</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>稀疏度</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>The run changed: press Compute to measure its variants.</source>
        <translation>运行已改变：按“计算”测量它的各个变体。</translation>
    </message>
    <message>
        <source>measuring the float network</source>
        <translation>正在测量浮点网络</translation>
    </message>
    <message>
        <source>quantising to int8</source>
        <translation>正在量化为 int8</translation>
    </message>
    <message>
        <source>pruning</source>
        <translation>正在剪枝</translation>
    </message>
    <message>
        <source>distilling a student (with, then without the teacher)</source>
        <translation>正在蒸馏学生网络（先有教师，再无教师）</translation>
    </message>
    <message>
        <source>unstructured pruning from 0 to 95%</source>
        <translation>非结构化剪枝，从 0 到 95%</translation>
    </message>
    <message>
        <source>structured pruning from 0 to 95%</source>
        <translation>结构化剪枝，从 0 到 95%</translation>
    </message>
    <message>
        <source>Working: {0}…</source>
        <translation>进行中：{0}…</translation>
    </message>
    <message>
        <source>Train the network first: the variants are made from trained weights.</source>
        <translation>请先训练网络：变体由训练好的权重生成。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Measured on the {0} split ({1} samples); latency: one batch of {2}, one thread.</source>
        <translation>在 {0} 集（{1} 个样本）上测量；延迟：一批 {2} 个样本，单线程。</translation>
    </message>
    <message>
        <source>⚠ Compression failed: {0}</source>
        <translation>⚠ 压缩失败：{0}</translation>
    </message>
    <message>
        <source> + {0} epochs</source>
        <translation> + {0} 个轮次</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>static</source>
        <translation>静态</translation>
    </message>
    <message>
        <source>dynamic</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>int8 ({0})</source>
        <translation>int8（{0}）</translation>
    </message>
    <message>
        <source>pruned {0}%</source>
        <translation>剪枝 {0}%</translation>
    </message>
    <message>
        <source>structured {0}%</source>
        <translation>结构化 {0}%</translation>
    </message>
    <message>
        <source>student (T={0}, α={1})</source>
        <translation>学生网络（T={0}，α={1}）</translation>
    </message>
    <message>
        <source>student (no teacher)</source>
        <translation>学生网络（无教师）</translation>
    </message>
    <message>
        <source>Test {0}</source>
        <translation>测试集 {0}</translation>
    </message>
    <message>
        <source>Cannot be exported as {0}</source>
        <translation>不能导出为 {0}</translation>
    </message>
    <message>
        <source>unstructured</source>
        <translation>非结构化</translation>
    </message>
    <message>
        <source>structured</source>
        <translation>结构化</translation>
    </message>
    <message>
        <source>Metric against sparsity, without fine-tuning.</source>
        <translation>指标随稀疏度的变化，未经微调。</translation>
    </message>
    <message>
        <source>PyTorch state dict (*.pt);;torch.export (*.pt2);;ONNX (*.onnx);;safetensors (*.safetensors)</source>
        <translation>PyTorch state dict (*.pt);;torch.export (*.pt2);;ONNX (*.onnx);;safetensors (*.safetensors)</translation>
    </message>
    <message>
        <source>Export variant</source>
        <translation>导出变体</translation>
    </message>
    <message>
        <source>⚠ Cannot tell the format of {0}: use .pt, .pt2, .onnx or .safetensors</source>
        <translation>⚠ 无法判断 {0} 的格式：请使用 .pt、.pt2、.onnx 或 .safetensors</translation>
    </message>
    <message>
        <source>⚠ {0} cannot be exported as {1}: {2}</source>
        <translation>⚠ {0} 不能导出为 {1}：{2}</translation>
    </message>
    <message>
        <source>Exporting {0} and verifying it in a fresh process…</source>
        <translation>正在导出 {0}，并在一个新进程中验证…</translation>
    </message>
    <message>
        <source>Exported {0}: {1}</source>
        <translation>已导出 {0}：{1}</translation>
    </message>
    <message>
        <source>Kept {0} as {1}: compare it in the Runs dock.</source>
        <translation>已将 {0} 保存为 {1}：可在“运行记录”面板中比较。</translation>
    </message>
    <message>
        <source>The views show {0}.</source>
        <translation>视图显示的是 {0}。</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Compression lab</source>
        <translation>压缩实验室</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>{0} &apos;{1}&apos; expects a vector (or a sequence), gets {2}; insert Flatten to make it {3}?</source>
        <translation>{0} &apos;{1}&apos; 需要向量（或序列），得到的是 {2}；插入 Flatten（展平层）把它变成 {3}？</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; expects a sequence (time, features), gets {2}</source>
        <translation>{0} &apos;{1}&apos; 需要序列（时间步, 特征），得到的是 {2}</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; expects {2}, gets {3}; reshape to {4}?</source>
        <translation>{0} &apos;{1}&apos; 需要 {2}，得到的是 {3}；重塑为 {4}？</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; expects {2}, gets {3}</source>
        <translation>{0} &apos;{1}&apos; 需要 {2}，得到的是 {3}</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos;: window {2} is larger than the input {3}</source>
        <translation>{0} &apos;{1}&apos;：窗口 {2} 比输入 {3} 大</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos;: {2} heads must divide the feature size {3}</source>
        <translation>{0} &apos;{1}&apos;：注意力头数 {2} 必须整除特征维度 {3}</translation>
    </message>
    <message>
        <source>Add &apos;{0}&apos; needs inputs of equal shape, gets {1}</source>
        <translation>Add &apos;{0}&apos; 需要形状相同的输入，得到的是 {1}</translation>
    </message>
    <message>
        <source>Reshape &apos;{0}&apos; cannot turn {1} ({2} values) into {3}</source>
        <translation>Reshape &apos;{0}&apos; 无法把 {1}（{2} 个值）变成 {3}</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; outputs {1} values but the dataset needs {2}</source>
        <translation>&apos;{0}&apos; 输出 {1} 个值，但数据集需要 {2} 个</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; needs an input; connect one</source>
        <translation>{0} &apos;{1}&apos; 需要一个输入；请连接一个</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; needs at least {2} inputs; connect one</source>
        <translation>{0} &apos;{1}&apos; 至少需要 {2} 个输入；请连接</translation>
    </message>
    <message>
        <source>the network has {0} outputs ({1}); connect or remove all but one</source>
        <translation>网络有 {0} 个输出（{1}）；请连接或删除多余的，只保留一个</translation>
    </message>
    <message>
        <source>the network has no Input node</source>
        <translation>网络没有 Input（输入）节点</translation>
    </message>
    <message>
        <source>the network must have exactly one output node</source>
        <translation>网络必须恰好有一个输出节点</translation>
    </message>
    <message>
        <source>the graph has a cycle through &apos;{0}&apos;</source>
        <translation>图中有一个经过 &apos;{0}&apos; 的环</translation>
    </message>
    <message>
        <source>connecting &apos;{0}&apos; to &apos;{1}&apos; would make a cycle</source>
        <translation>把 &apos;{0}&apos; 连接到 &apos;{1}&apos; 会形成环</translation>
    </message>
    <message>
        <source>a node named &apos;{0}&apos; already exists</source>
        <translation>名为 &apos;{0}&apos; 的节点已经存在</translation>
    </message>
    <message>
        <source>{0} &apos;{1}&apos; takes no inputs</source>
        <translation>{0} &apos;{1}&apos; 不接受输入</translation>
    </message>
    <message>
        <source>Insert Reshape to {0}</source>
        <translation>插入 Reshape，重塑为 {0}</translation>
    </message>
    <message>
        <source>Insert {0} before it</source>
        <translation>在它前面插入 {0}</translation>
    </message>
    <message>
        <source>Set {0} to {1}</source>
        <translation>把 {0} 设为 {1}</translation>
    </message>
    <message>
        <source>Adam, learning rate {0} and {1} epochs suit {2} ({3})</source>
        <translation>Adam、学习率 {0}、{1} 个轮次适合{2}（{3}）</translation>
    </message>
    <message>
        <source>{0} samples</source>
        <translation>{0} 个样本</translation>
    </message>
    <message>
        <source>its samples</source>
        <translation>它的样本数</translation>
    </message>
    <message>
        <source>2-D points</source>
        <translation>二维数据点</translation>
    </message>
    <message>
        <source>a 1-D function</source>
        <translation>一维函数</translation>
    </message>
    <message>
        <source>sequences</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>{0} images</source>
        <translation>{0} 图像</translation>
    </message>
    <message>
        <source>a table of features</source>
        <translation>特征表格</translation>
    </message>
    <message>
        <source>training stopped at {0}: {1}</source>
        <translation>训练在{0}停止：{1}</translation>
    </message>
    <message>
        <source>epoch {0}, step {1}</source>
        <translation>第 {0} 轮次第 {1} 步</translation>
    </message>
    <message>
        <source>the {0} of &apos;{1}&apos; ({2}) became NaN or infinite ({3})</source>
        <translation>&apos;{1}&apos;（{2}）的{0}变成了 NaN 或无穷大（{3}）</translation>
    </message>
    <message>
        <source>the output of &apos;{0}&apos; became NaN or infinite ({1})</source>
        <translation>&apos;{0}&apos; 的输出变成了 NaN 或无穷大（{1}）</translation>
    </message>
    <message>
        <source>the loss became {0} because the output of &apos;{1}&apos; is too large for it ({2})</source>
        <translation>损失变成了 {0}，因为 &apos;{1}&apos; 的输出对它来说太大（{2}）</translation>
    </message>
    <message>
        <source>the loss became {0} ({1})</source>
        <translation>损失变成了 {0}（{1}）</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>try a lower learning rate, normalised inputs or gradient-friendly activations</source>
        <translation>可以试试更低的学习率、归一化的输入，或对梯度更友好的激活函数</translation>
    </message>
    <message>
        <source>try a lower learning rate</source>
        <translation>可以试试更低的学习率</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>CSV files (*.csv *.tsv *.txt)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt)</translation>
    </message>
    <message>
        <source>NumPy archives (*.npz)</source>
        <translation>NumPy 归档 (*.npz)</translation>
    </message>
    <message>
        <source>classification</source>
        <extracomment>the words for a dataset&apos;s task</extracomment>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Choose a dataset…</source>
        <translation>选择数据集…</translation>
    </message>
    <message>
        <source>file or folder</source>
        <translation>文件或文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Function</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Make the network fit the data</source>
        <translation>让网络适配数据</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Set samples</source>
        <translation>设置样本数</translation>
    </message>
    <message>
        <source>Set noise</source>
        <translation>设置噪声</translation>
    </message>
    <message>
        <source>Loading the dataset…</source>
        <translation>正在加载数据集…</translation>
    </message>
    <message>
        <source>No dataset chosen</source>
        <translation>尚未选择数据集</translation>
    </message>
    <message>
        <source>{n} classes</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <source>{n} target(s)</source>
        <translation>{n} 个目标值</translation>
    </message>
    <message>
        <source>{task}: inputs {shape}, {what}; train {train}, val {val}, test {test}</source>
        <translation>{task}：输入 {shape}，{what}；训练 {train}，验证 {val}，测试 {test}</translation>
    </message>
    <message>
        <source>Choose dataset {kind}</source>
        <translation>选择数据集 {kind}</translation>
    </message>
    <message>
        <source>Set dataset file</source>
        <translation>设置数据集文件</translation>
    </message>
    <message>
        <source>IDX folder</source>
        <translation>IDX 文件夹</translation>
    </message>
    <message>
        <source>Dataset file</source>
        <translation>数据集文件</translation>
    </message>
</context>
<context>
    <name>DecisionPlot</name>
    <message>
        <source>● training   ○ test</source>
        <translation>● 训练   ○ 测试</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDocks</name>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>LR finder</source>
        <translation>学习率查找</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>Explain next step</source>
        <translation>解释下一步</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>查找学习率</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>DownloadThread</name>
    <message>
        <source>download failed: {0}: {1}</source>
        <translation>下载失败：{0}：{1}</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Add {label}</source>
        <translation>添加 {label}</translation>
    </message>
    <message>
        <source>{label} takes no inputs, so it cannot go on a connection</source>
        <translation>{label} 不接受输入，因此不能放在连线上</translation>
    </message>
    <message>
        <source>Insert {label}</source>
        <translation>插入 {label}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete node</source>
        <translation>删除节点</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Rename {old} to {new}</source>
        <translation>把 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Set {node}.{name}</source>
        <translation>设置 {node}.{name}</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>cannot paste: {error}</source>
        <translation>无法粘贴：{error}</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制一份</translation>
    </message>
    <message>
        <source>&apos;{node}&apos; has no input to insert before</source>
        <translation>&apos;{node}&apos; 没有可在其前面插入的输入</translation>
    </message>
</context>
<context>
    <name>Examples</name>
    <message>
        <source>Self-attention: is the sum positive?</source>
        <translation>自注意力：序列之和是否为正？</translation>
    </message>
    <message>
        <source>Each step is embedded, gets its position added, attends to every other step, and a Dense layer decides whether the sequence sums to a positive number.</source>
        <translation>每个时间步先做嵌入，再加上位置编码，关注所有其他时间步，最后由一个全连接层判断序列之和是否为正数。</translation>
    </message>
    <message>
        <source>Circles (2-D classification)</source>
        <translation>圆环（二维分类）</translation>
    </message>
    <message>
        <source>One class inside a ring of the other: a few ReLU units carve a closed boundary.</source>
        <translation>一个类别被另一个类别的圆环包围：几个 ReLU 单元就能划出一条闭合的边界。</translation>
    </message>
    <message>
        <source>LSTM: next value of a sine</source>
        <translation>LSTM：预测正弦波的下一个值</translation>
    </message>
    <message>
        <source>An LSTM reads 20 steps of a noisy sine wave and predicts the next value.</source>
        <translation>LSTM 读取含噪声正弦波的 20 个时间步，并预测下一个值。</translation>
    </message>
    <message>
        <source>Residual MLP (skip connection)</source>
        <translation>残差 MLP（跳跃连接）</translation>
    </message>
    <message>
        <source>A residual block: the input of the block is added to its output (Add), as in ResNets.</source>
        <translation>一个残差块：块的输入被加到它的输出上（Add），与 ResNet 中一样。</translation>
    </message>
    <message>
        <source>Convolutional network (seed 003)</source>
        <translation>卷积神经网络（种子 003）</translation>
    </message>
    <message>
        <source>Conv2D(32, 3×3) → MaxPool → Conv2D(64, 3×3) → MaxPool → Conv2D(64, 3×3) → Flatten → Dense(64) → Dense(10, softmax) on 28×28 digit images (built in, no download; choose the IDX kind for MNIST).</source>
        <translation>Conv2D(32, 3×3) → MaxPool → Conv2D(64, 3×3) → MaxPool → Conv2D(64, 3×3) → Flatten → Dense(64) → Dense(10, softmax)，用于 28×28 的手写数字图像（内置，无需下载；选择 IDX 类型即可使用 MNIST）。</translation>
    </message>
    <message>
        <source>Dense digit classifier (seed 002)</source>
        <translation>全连接数字分类器（种子 002）</translation>
    </message>
    <message>
        <source>Dense(50, relu) → Dense(50, relu) → Dense(10, softmax) on the 8×8 digits (64 inputs). Saved settings: Adam, lr 0.001, 30 epochs, standardised inputs (≈99% test accuracy). The article&apos;s own setting, plain SGD with lr 0.01, batch 32 and 10 epochs, is one command away: netbuilder train example:seed-digits-mlp --optimizer sgd --lr 0.01 --epochs 10 (it learns more slowly on this small set, about 60% after 10 epochs).</source>
        <translation>Dense(50, relu) → Dense(50, relu) → Dense(10, softmax)，用于 8×8 的手写数字（64 个输入）。保存的设置：Adam，学习率 0.001，30 个轮次，输入已标准化（测试准确率约 99%）。文章自己的设置——普通 SGD、学习率 0.01、批大小 32、10 个轮次——只需一条命令：netbuilder train example:seed-digits-mlp --optimizer sgd --lr 0.01 --epochs 10（在这个小数据集上学得更慢，10 个轮次后约 60%）。</translation>
    </message>
    <message>
        <source>Linear neuron (seed 000)</source>
        <translation>线性神经元（种子 000）</translation>
    </message>
    <message>
        <source>One neuron y = w·x + b learning three points with MSE and SGD, the first example of seed 000.</source>
        <translation>一个神经元 y = w·x + b 用均方误差（MSE）和 SGD 学习三个点，这是种子 000 的第一个例子。</translation>
    </message>
    <message>
        <source>MLP regression (seed 004)</source>
        <translation>MLP 回归（种子 004）</translation>
    </message>
    <message>
        <source>Linear(10 → 50) → ReLU → Linear(50 → 1) on random data X ∈ R^{100×10}, MSE and Adam.</source>
        <translation>Linear(10 → 50) → ReLU → Linear(50 → 1)，用于随机数据 X ∈ R^{100×10}，均方误差（MSE）和 Adam。</translation>
    </message>
    <message>
        <source>Piecewise-ReLU fit (seed 001)</source>
        <translation>分段 ReLU 拟合（种子 001）</translation>
    </message>
    <message>
        <source>Three hidden ReLU units each add one hinge a·ReLU(w·x + b); together they fit the target ReLU(x−1) + 3·ReLU(x−4) − 5 on [−2, 8]. Watch each unit&apos;s kink slide into place.</source>
        <translation>三个隐藏 ReLU 单元各自贡献一个折线 a·ReLU(w·x + b)；它们一起在 [−2, 8] 上拟合目标 ReLU(x−1) + 3·ReLU(x−4) − 5。观察每个单元的拐点如何滑到正确的位置。</translation>
    </message>
    <message>
        <source>Spiral (2-D classification)</source>
        <translation>螺旋（二维分类）</translation>
    </message>
    <message>
        <source>Two interleaved spirals, TensorFlow-Playground style: a small network bends its decision boundary around them.</source>
        <translation>两条交错的螺旋，TensorFlow Playground 风格：一个小网络让决策边界绕着它们弯曲。</translation>
    </message>
    <message>
        <source>XOR (2-D classification)</source>
        <translation>异或 XOR（二维分类）</translation>
    </message>
    <message>
        <source>The four quadrants of XOR: not linearly separable, so one hidden layer is needed.</source>
        <translation>XOR 的四个象限：不是线性可分的，因此需要一个隐藏层。</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>The layer to explain (selecting a layer on the canvas picks it)</source>
        <translation>要解释的层（在画布上选中一个层即可选择它）</translation>
    </message>
    <message>
        <source>Which unit (output row) of the weight matrix</source>
        <translation>权重矩阵的哪个单元（输出行）</translation>
    </message>
    <message>
        <source>Which input (column) of that unit</source>
        <translation>该单元的哪个输入（列）</translation>
    </message>
    <message>
        <source>Explain next step</source>
        <translation>解释下一步</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Pause training, pick a layer and press Explain next step.</source>
        <translation>暂停训练，选择一个层，然后按“解释下一步”。</translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <source>One real step of the run on a batch of {0} samples ({1}).</source>
        <translation>在一个含 {0} 个样本的批次上真实执行一步（{1}）。</translation>
    </message>
    <message>
        <source>forward, first sample: {0} receives {1}</source>
        <translation>前向传播，第一个样本：{0} 接收 {1}</translation>
    </message>
    <message>
        <source>                       unit {0} gives {1:.4g}</source>
        <translation>                       单元 {0} 输出 {1:.4g}</translation>
    </message>
    <message>
        <source>loss on the batch: {0:.6g}</source>
        <translation>该批次上的损失：{0:.6g}</translation>
    </message>
    <message>
        <source>weight {0}{1}: before {2:.6g}, gradient ∂L/∂w = {3:.6g}, update Δw = {4:.6g}, after {5:.6g}</source>
        <translation>权重 {0}{1}：更新前 {2:.6g}，梯度 ∂L/∂w = {3:.6g}，更新量 Δw = {4:.6g}，更新后 {5:.6g}</translation>
    </message>
    <message>
        <source>the optimiser&apos;s rule with this step&apos;s numbers:</source>
        <translation>代入本步数值的优化器规则：</translation>
    </message>
    <message>
        <source>the rule:</source>
        <translation>规则：</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>weights (safetensors) with the graph spec in the metadata</source>
        <translation>权重（safetensors），元数据中含图结构</translation>
    </message>
    <message>
        <source>PyTorch state_dict, loadable with torch.load(weights_only=True)</source>
        <translation>PyTorch state_dict，可用 torch.load(weights_only=True) 加载</translation>
    </message>
    <message>
        <source>torch.export program with a dynamic batch dimension</source>
        <translation>torch.export 程序，批次维度为动态</translation>
    </message>
    <message>
        <source>ONNX (dynamo exporter), dynamic batch, weights inside the file</source>
        <translation>ONNX（dynamo 导出器），动态批次，权重在文件内</translation>
    </message>
    <message>
        <source>standalone PyTorch module file (+ .pt weights beside it)</source>
        <translation>独立的 PyTorch 模块文件（旁边附 .pt 权重）</translation>
    </message>
    <message>
        <source>standalone training script (python / torchrun with DDP) + its data (.npz)</source>
        <translation>独立的训练脚本（python / torchrun，支持 DDP）及其数据（.npz）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>the trained model in the app</source>
        <translation>程序中已训练的模型</translation>
    </message>
    <message>
        <source>none: a freshly initialised model (seed 0)</source>
        <translation>无：新初始化的模型（种子 0）</translation>
    </message>
    <message>
        <source>dynamic int8 quantisation of Linear layers (pt only)</source>
        <translation>对 Linear 层做动态 int8 量化（仅 pt）</translation>
    </message>
    <message>
        <source>sparsity </source>
        <translation>稀疏度 </translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Weights file</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <source>Quantise</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>also writes {files} beside it</source>
        <translation>还会在旁边写入 {files}</translation>
    </message>
    <message>
        <source>⚠ The file name ends in {actual}, but this format writes a {suffix} file.</source>
        <translation>⚠ 文件名以 {actual} 结尾，但这种格式写出的是 {suffix} 文件。</translation>
    </message>
    <message>
        <source>⚠ The file name has no extension; this format writes a {suffix} file.</source>
        <translation>⚠ 文件名没有扩展名；这种格式写出的是 {suffix} 文件。</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>note: {0}</source>
        <translation>注：{0}</translation>
    </message>
    <message>
        <source>compression: {0}</source>
        <translation>压缩：{0}</translation>
    </message>
    <message>
        <source>wrote {0}</source>
        <translation>已写入 {0}</translation>
    </message>
    <message>
        <source>Exported and verified</source>
        <translation>已导出并验证</translation>
    </message>
    <message>
        <source>Verification FAILED</source>
        <translation>验证失败</translation>
    </message>
    <message>
        <source>✘ Export failed: {0}</source>
        <translation>✘ 导出失败：{0}</translation>
    </message>
    <message>
        <source>Export FAILED</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>FeatureChecks</name>
    <message>
        <source>feed {name} to the network</source>
        <translation>把 {name} 输入网络</translation>
    </message>
    <message>
        <source>Set input features</source>
        <translation>设置输入特征</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <source>Click a feature map to see how one of its values is computed.</source>
        <translation>点击一张特征图，查看它的某个值是如何计算出来的。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;, channel {1}, position ({2}, {3}) = {4:.4f} (a pooling layer: the {5} of its window in the layer before)</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;，通道 {1}，位置 ({2}, {3}) = {4:.4f}（池化层：前一层中其窗口的{5}）</translation>
    </message>
    <message>
        <source>{0} = {1:.4f}</source>
        <translation>{0} = {1:.4f}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;, channel {1}, position ({2}, {3}): Σ over the {4} input channel(s) of {5} of patch × kernel, + bias&lt;br&gt;channel 0 of the patch × kernel: &lt;table cellspacing=&apos;6&apos;&gt;{6}&lt;/table&gt;= {7:+.4f}; per channel: {8}&lt;br&gt;sum {9:+.4f} + bias {10:+.4f} = &lt;b&gt;{11:+.4f}&lt;/b&gt; (the map holds {12:+.4f}; after ReLU: {13:.4f})</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;，通道 {1}，位置 ({2}, {3})：对 {5} 的 {4} 个输入通道求 图块 × 卷积核 之和，再加偏置&lt;br&gt;通道 0 的 图块 × 卷积核：&lt;table cellspacing=&apos;6&apos;&gt;{6}&lt;/table&gt;= {7:+.4f}；各通道：{8}&lt;br&gt;和 {9:+.4f} + 偏置 {10:+.4f} = &lt;b&gt;{11:+.4f}&lt;/b&gt;（特征图中的值为 {12:+.4f}；经过 ReLU 后：{13:.4f}）</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>NetBuilder projects (*{suffix});;All files (*)</source>
        <translation>NetBuilder 项目 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to “{name}” before closing it?</source>
        <translation>关闭前保存对“{name}”的更改吗？</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Cannot open example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <source>The convolution whose filters are shown</source>
        <translation>显示其卷积核的卷积层</translation>
    </message>
    <message>
        <source>{0}: {1} filters of {2}×{3}×{4} · largest |w| = {5:.3f}</source>
        <translation>{0}：{1} 个 {2}×{3}×{4} 的卷积核 · 最大 |w| = {5:.3f}</translation>
    </message>
    <message>
        <source>kernel {0}, weight ({1}, {2}) = {3:+.4f}</source>
        <translation>卷积核 {0}，权重 ({1}, {2}) = {3:+.4f}</translation>
    </message>
</context>
<context>
    <name>FunctionFields</name>
    <message>
        <source>a formula of x, e.g. sin(x) + 0.5*x**2</source>
        <translation>关于 x 的公式，例如 sin(x) + 0.5*x**2</translation>
    </message>
    <message>
        <source>Target function {function}</source>
        <translation>目标函数 {function}</translation>
    </message>
    <message>
        <source>Set formula</source>
        <translation>设置公式</translation>
    </message>
</context>
<context>
    <name>GradientFlowPanel</name>
    <message>
        <source>‖gradient‖ per layer</source>
        <translation>每层的 ‖梯度‖</translation>
    </message>
    <message>
        <source>‖update‖ / ‖weight‖</source>
        <translation>‖更新量‖ / ‖权重‖</translation>
    </message>
    <message>
        <source>Train to see how the gradient reaches each layer.</source>
        <translation>训练后可以看到梯度如何到达每一层。</translation>
    </message>
    <message>
        <source>✓ The gradient reaches every layer: no layer&apos;s norm vanishes or explodes.</source>
        <translation>✓ 梯度到达了每一层：没有哪一层的范数消失或爆炸。</translation>
    </message>
</context>
<context>
    <name>GuideWindow</name>
    <message>
        <source>NetBuilder Guide</source>
        <translation>NetBuilder 指南</translation>
    </message>
    <message>
        <source>Search the guide</source>
        <translation>搜索指南</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>penalty</source>
        <translation>惩罚项</translation>
    </message>
    <message>
        <source>target y = 1</source>
        <translation>目标 y = 1</translation>
    </message>
    <message>
        <source>target y = 0</source>
        <translation>目标 y = 0</translation>
    </message>
    <message>
        <source>input x</source>
        <translation>输入 x</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>predicted probability p</source>
        <translation>预测概率 p</translation>
    </message>
    <message>
        <source>prediction ŷ</source>
        <translation>预测值 ŷ</translation>
    </message>
    <message>
        <source>weight w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>Solid: the function. Dashed: its derivative, the factor backpropagation multiplies by.</source>
        <translation>实线：函数本身。虚线：它的导数，即反向传播时要乘上的因子。</translation>
    </message>
    <message>
        <source>The loss of one sample against the prediction (target y = 1) and its gradient.</source>
        <translation>单个样本的损失随预测值的变化（目标 y = 1），以及它的梯度。</translation>
    </message>
    <message>
        <source>The penalty one weight adds to the loss (λ = 1), and its gradient.</source>
        <translation>一个权重给损失加上的惩罚项（λ = 1），以及它的梯度。</translation>
    </message>
    <message>
        <source>Two classes with scores (x, 0): the first class&apos;s probability.</source>
        <translation>两个类别，得分为 (x, 0)：第一个类别的概率。</translation>
    </message>
    <message>
        <source>The loss against the predicted probability, for each target.</source>
        <translation>对每个目标值，损失随预测概率的变化。</translation>
    </message>
    <message>
        <source>The loss against the probability given to the true class.</source>
        <translation>损失随真实类别所得概率的变化。</translation>
    </message>
    <message>
        <source>The optimisers&apos; paths could not be computed: {error}</source>
        <translation>无法计算优化器的路径：{error}</translation>
    </message>
    <message>
        <source>Computing the optimisers&apos; paths…</source>
        <translation>正在计算优化器的路径…</translation>
    </message>
    <message>
        <source>SGD + momentum</source>
        <translation>SGD + 动量</translation>
    </message>
    <message>
        <source>40 steps of each optimiser from the same start on the loss ½(x² + 10y²); the minimum is at (0, 0).</source>
        <translation>每个优化器从同一起点在损失 ½(x² + 10y²) 上走 40 步；最小值在 (0, 0)。</translation>
    </message>
</context>
<context>
    <name>HiddenStatesView</name>
    <message>
        <source>input (line) · next value: target ● and prediction ✕</source>
        <translation>输入（线）· 下一个值：目标 ● 和预测 ✕</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>hidden state h (unit × time)</source>
        <translation>隐藏状态 h（单元 × 时间）</translation>
    </message>
    <message>
        <source>{0} gate</source>
        <translation>{0} 门</translation>
    </message>
    <message>
        <source>next value: predicted &lt;b&gt;{0:+.3f}&lt;/b&gt;, target {1:+.3f}</source>
        <translation>下一个值：预测 &lt;b&gt;{0:+.3f}&lt;/b&gt;，目标 {1:+.3f}</translation>
    </message>
    <message>
        <source>predicted class &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}), true class {2}</source>
        <translation>预测类别 &lt;b&gt;{0}&lt;/b&gt;（{1:.0%}），真实类别 {2}</translation>
    </message>
</context>
<context>
    <name>HingePlot</name>
    <message>
        <source>Give every dead unit a fresh hinge through the data (undoable; available while training is stopped)</source>
        <translation>给每个死亡单元一个穿过数据的新折线（可撤销；仅在训练停止时可用）</translation>
    </message>
    <message>
        <source>Piecewise-ReLU fit: &lt;span style=&apos;color:#7fb47f&apos;&gt;&amp;#9644; target&lt;/span&gt; &amp;nbsp;&lt;span style=&apos;color:#141414&apos;&gt;&amp;#9644; prediction&lt;/span&gt; &amp;nbsp;&lt;span style=&apos;color:#777777&apos;&gt;coloured: hinges, &amp;#9650; kinks&lt;/span&gt;</source>
        <translation>分段 ReLU 拟合：&lt;span style=&apos;color:#7fb47f&apos;&gt;&amp;#9644; 目标&lt;/span&gt; &amp;nbsp;&lt;span style=&apos;color:#141414&apos;&gt;&amp;#9644; 预测&lt;/span&gt; &amp;nbsp;&lt;span style=&apos;color:#777777&apos;&gt;彩色：折线，&amp;#9650; 拐点&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Re-initialise dead units</source>
        <translation>重新初始化死亡单元</translation>
    </message>
    <message>
        <source>{0} units, {1} alive</source>
        <translation>{0} 个单元，{1} 个存活</translation>
    </message>
    <message>
        <source>, {0} dead (grey)</source>
        <translation>，{0} 个死亡（灰色）</translation>
    </message>
    <message>
        <source>; {0} breakpoints in the whole function</source>
        <translation>；整个函数共有 {0} 个断点</translation>
    </message>
    <message>
        <source>Stop training first: the running worker owns the weights</source>
        <translation>请先停止训练：正在运行的训练进程占用着权重</translation>
    </message>
</context>
<context>
    <name>IdxDownload</name>
    <message>
        <source>Fetch the four IDX files (about 11 MB) into the datasets folder</source>
        <translation>把四个 IDX 文件（约 11 MB）下载到数据集文件夹</translation>
    </message>
    <message>
        <source>Download MNIST…</source>
        <translation>下载 MNIST…</translation>
    </message>
    <message>
        <source>Download Fashion-MNIST…</source>
        <translation>下载 Fashion-MNIST…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the download; nothing partial is written</source>
        <translation>停止下载；不会写入不完整的文件</translation>
    </message>
    <message>
        <source>Downloading into {0}…</source>
        <translation>正在下载到 {0}…</translation>
    </message>
    <message>
        <source>Downloading into {0}: {1:.1f} of {2:.1f} MB</source>
        <translation>正在下载到 {0}：{1:.1f} / {2:.1f} MB</translation>
    </message>
    <message>
        <source>✓ files verified in {0}</source>
        <translation>✓ 文件已在 {0} 中验证</translation>
    </message>
    <message>
        <source>Download cancelled; nothing partial was written.</source>
        <translation>下载已取消；没有写入不完整的文件。</translation>
    </message>
</context>
<context>
    <name>InsideDocks</name>
    <message>
        <source>Neurons</source>
        <extracomment>view name -&gt; (dock object name, title, what appears after Train)</extracomment>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Press Train to watch every unit&apos;s response and the weights between units.</source>
        <translation>按“训练”观察每个单元的响应和单元之间的权重。</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Press Train to see the filters each convolution learns.</source>
        <translation>按“训练”查看每个卷积层学到的卷积核。</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Press Train to see what each layer makes of an image.</source>
        <translation>按“训练”查看每一层把图像变成了什么。</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>显著性</translation>
    </message>
    <message>
        <source>Press Train to see which pixels decide the prediction.</source>
        <translation>按“训练”查看哪些像素决定了预测。</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>分类错误</translation>
    </message>
    <message>
        <source>Press Train to see the test images it gets wrong.</source>
        <translation>按“训练”查看它分错的测试图像。</translation>
    </message>
    <message>
        <source>Hidden states</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>Press Train to watch hidden states and gates over time.</source>
        <translation>按“训练”观察隐藏状态和门随时间的变化。</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Press Train to see where each attention head looks.</source>
        <translation>按“训练”查看每个注意力头关注哪里。</translation>
    </message>
    <message>
        <source>Training… the first frame is on its way.</source>
        <translation>正在训练… 第一帧马上就到。</translation>
    </message>
    <message>
        <source>Unit {0} of {1}</source>
        <translation>第 {0} 个单元，共 {1} 个</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>&apos;{text}&apos; is not a list of whole numbers (e.g. 1×28×28)</source>
        <translation>&apos;{text}&apos; 不是一串整数（例如 1×28×28）</translation>
    </message>
    <message>
        <source>The node&apos;s name: its attribute in the generated code, its module in exports and the prefix of its trained weights. Letters, digits and _, not starting with a digit.</source>
        <translation>节点的名称：它在生成代码中的属性名、导出文件中的模块名，以及训练权重的前缀。只能使用字母、数字和 _，且不能以数字开头。</translation>
    </message>
    <message>
        <source>What is this?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <source>Open the guide&apos;s page about this kind of layer</source>
        <translation>打开指南中关于这种层的页面</translation>
    </message>
    <message>
        <source>&lt;i&gt;No node selected&lt;/i&gt;</source>
        <translation>&lt;i&gt;未选择节点&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Select a node on the canvas to edit its parameters.</source>
        <translation>在画布上选择一个节点来编辑它的参数。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>&lt;i&gt;no parameters&lt;/i&gt;</source>
        <translation>&lt;i&gt;没有参数&lt;/i&gt;</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>params</source>
        <translation>参数量</translation>
    </message>
</context>
<context>
    <name>LRFinder</name>
    <message>
        <source>cannot start the training process: {0}</source>
        <translation>无法启动训练进程：{0}</translation>
    </message>
    <message>
        <source>Use the suggested learning rate</source>
        <translation>使用建议的学习率</translation>
    </message>
</context>
<context>
    <name>LRFinderPanel</name>
    <message>
        <source>Loss against learning rate</source>
        <translation>损失与学习率的关系</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑后）</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>查找学习率</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Use this rate</source>
        <translation>使用这个学习率</translation>
    </message>
    <message>
        <source>Trains a copy of the network briefly while the learning rate grows.</source>
        <translation>在网络的副本上短暂训练，同时让学习率逐渐增大。</translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Step {0}/{1}: learning rate {2:.2g}, loss {3:.3g}</source>
        <translation>第 {0}/{1} 步：学习率 {2:.2g}，损失 {3:.3g}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped when the loss blew up</source>
        <translation>损失爆炸时已停止</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The loss never fell ({0}): no suggestion.</source>
        <translation>损失从未下降（{0}）：没有建议。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {0:.3g} (a tenth of where the loss starts to climb; {1}).</source>
        <translation>建议的学习率：{0:.3g}（损失开始上升处的十分之一；{1}）。</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>random directions (filter-normalised)</source>
        <translation>随机方向（按卷积核归一化）</translation>
    </message>
    <message>
        <source>principal directions of the path</source>
        <translation>路径的主方向</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loss around the current weights</source>
        <translation>当前权重周围的损失</translation>
    </message>
    <message>
        <source>Computing row {0} of {1}…</source>
        <translation>正在计算第 {0} 行，共 {1} 行…</translation>
    </message>
    <message>
        <source>Pause training, then press Loss landscape.</source>
        <translation>暂停训练，然后按“损失地形”。</translation>
    </message>
    <message>
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <source>principal directions</source>
        <translation>主方向</translation>
    </message>
    <message>
        <source>random directions</source>
        <translation>随机方向</translation>
    </message>
    <message>
        <source>Centre (the current weights): loss {0:.6g} · {1} · colour: log10 of the loss</source>
        <translation>中心（当前权重）：损失 {0:.6g} · {1} · 颜色：损失的 log10</translation>
    </message>
    <message>
        <source> · cancelled: rows not computed are blank</source>
        <translation> · 已取消：未计算的行留空</translation>
    </message>
</context>
<context>
    <name>LayerCategories</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Dense</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
</context>
<context>
    <name>LayerNames</name>
    <message>
        <source>Input</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>Dense (Linear)</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>Conv1D</source>
        <translation>一维卷积层</translation>
    </message>
    <message>
        <source>Conv2D</source>
        <translation>二维卷积层</translation>
    </message>
    <message>
        <source>MaxPool1D</source>
        <translation>一维最大池化层</translation>
    </message>
    <message>
        <source>MaxPool2D</source>
        <translation>二维最大池化层</translation>
    </message>
    <message>
        <source>AvgPool2D</source>
        <translation>二维平均池化层</translation>
    </message>
    <message>
        <source>GlobalAvgPool2D</source>
        <translation>全局平均池化层</translation>
    </message>
    <message>
        <source>RNN</source>
        <translation>简单循环层</translation>
    </message>
    <message>
        <source>LSTM</source>
        <translation>长短期记忆层</translation>
    </message>
    <message>
        <source>GRU</source>
        <translation>门控循环单元层</translation>
    </message>
    <message>
        <source>Self-Attention</source>
        <translation>自注意力层</translation>
    </message>
    <message>
        <source>Transformer Encoder</source>
        <translation>Transformer 编码器层</translation>
    </message>
    <message>
        <source>Positional Encoding</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>嵌入层</translation>
    </message>
    <message>
        <source>BatchNorm1D</source>
        <translation>一维批归一化</translation>
    </message>
    <message>
        <source>BatchNorm2D</source>
        <translation>二维批归一化</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>层归一化</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>随机丢弃层</translation>
    </message>
    <message>
        <source>Identity / Linear</source>
        <translation>恒等（线性激活）</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU 激活函数</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>带泄漏的 ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid 激活函数</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>双曲正切激活函数</translation>
    </message>
    <message>
        <source>Swish / SiLU</source>
        <translation>Swish 激活函数</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU 激活函数</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU 激活函数</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax（归一化指数）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>相加（残差连接）</translation>
    </message>
    <message>
        <source>Concat</source>
        <translation>拼接</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平层</translation>
    </message>
    <message>
        <source>Reshape</source>
        <translation>重塑形状</translation>
    </message>
</context>
<context>
    <name>LayerParams</name>
    <message>
        <source>shape of one sample, e.g. 2, or 1×28×28, or 20×1 for sequences</source>
        <translation>单个样本的形状，例如 2，或 1×28×28，序列则如 20×1</translation>
    </message>
    <message>
        <source>float32 for numbers, int64 for token ids</source>
        <translation>数值用 float32，词元编号用 int64</translation>
    </message>
    <message>
        <source>number of output units (neurons)</source>
        <translation>输出单元（神经元）的数量</translation>
    </message>
    <message>
        <source>learn an additive bias b</source>
        <translation>学习一个加性偏置 b</translation>
    </message>
    <message>
        <source>number of output channels (filters)</source>
        <translation>输出通道（卷积核）的数量</translation>
    </message>
    <message>
        <source>kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>step between kernel positions</source>
        <translation>卷积核每次移动的步长</translation>
    </message>
    <message>
        <source>zeros added on each side</source>
        <translation>每一侧补的零</translation>
    </message>
    <message>
        <source>learn an additive bias per channel</source>
        <translation>为每个通道学习一个加性偏置</translation>
    </message>
    <message>
        <source>window size</source>
        <translation>窗口大小</translation>
    </message>
    <message>
        <source>step between windows (0 = same as the window size)</source>
        <translation>窗口之间的步长（0 = 与窗口大小相同）</translation>
    </message>
    <message>
        <source>zeros added on each side (at most half the window)</source>
        <translation>每一侧补的零（最多为窗口的一半）</translation>
    </message>
    <message>
        <source>size of the hidden state</source>
        <translation>隐藏状态的大小</translation>
    </message>
    <message>
        <source>stacked recurrent layers</source>
        <translation>堆叠的循环层数</translation>
    </message>
    <message>
        <source>the activation f</source>
        <translation>激活函数 f</translation>
    </message>
    <message>
        <source>also read the sequence backwards (doubles the output size)</source>
        <translation>同时反向读取序列（输出大小加倍）</translation>
    </message>
    <message>
        <source>return the last time step (for a classifier) or all steps (to stack layers)</source>
        <translation>返回最后一个时间步（用于分类器）或所有时间步（用于堆叠层）</translation>
    </message>
    <message>
        <source>attention heads (must divide the feature size)</source>
        <translation>注意力头数（必须整除特征维度）</translation>
    </message>
    <message>
        <source>dropout on the attention weights</source>
        <translation>作用在注意力权重上的 Dropout</translation>
    </message>
    <message>
        <source>each step attends only to itself and earlier steps</source>
        <translation>每个时间步只关注自身和更早的时间步</translation>
    </message>
    <message>
        <source>hidden size of the feed-forward block</source>
        <translation>前馈模块的隐藏层大小</translation>
    </message>
    <message>
        <source>dropout probability</source>
        <translation>丢弃概率</translation>
    </message>
    <message>
        <source>feed-forward activation</source>
        <translation>前馈模块的激活函数</translation>
    </message>
    <message>
        <source>LayerNorm before (pre-norm) rather than after each block</source>
        <translation>在每个模块之前（前置归一化）而不是之后做 LayerNorm</translation>
    </message>
    <message>
        <source>fixed sin/cos waves or a learned table</source>
        <translation>固定的 sin/cos 波，或可学习的表</translation>
    </message>
    <message>
        <source>longest sequence supported</source>
        <translation>支持的最长序列</translation>
    </message>
    <message>
        <source>vocabulary size (token ids 0 .. n-1)</source>
        <translation>词表大小（词元编号 0 .. n-1）</translation>
    </message>
    <message>
        <source>size of each vector</source>
        <translation>每个向量的维度</translation>
    </message>
    <message>
        <source>added to the variance for stability</source>
        <translation>加到方差上以保持数值稳定</translation>
    </message>
    <message>
        <source>running statistics update rate</source>
        <translation>运行统计量的更新速率</translation>
    </message>
    <message>
        <source>probability of dropping a value</source>
        <translation>丢弃一个值的概率</translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation>负输入的斜率</translation>
    </message>
    <message>
        <source>scale for negative inputs</source>
        <translation>负输入的缩放系数</translation>
    </message>
    <message>
        <source>dimension that sums to 1</source>
        <translation>和为 1 的维度</translation>
    </message>
    <message>
        <source>dimension to join along (-1 = last, 0 = first after the batch)</source>
        <translation>沿哪个维度拼接（-1 = 最后一个，0 = 批次之后的第一个）</translation>
    </message>
    <message>
        <source>new shape without the batch dimension</source>
        <translation>新形状（不含批次维度）</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <source>The network&apos;s input: one sample&apos;s shape, without the batch dimension.</source>
        <translation>网络的输入：单个样本的形状，不含批次维度。</translation>
    </message>
    <message>
        <source>Fully connected layer y = W·x + b; acts on the last dimension.</source>
        <translation>全连接层 y = W·x + b；作用在最后一个维度上。</translation>
    </message>
    <message>
        <source>1-D convolution: slides learned kernels over the input, multiply-accumulate at each position.</source>
        <translation>一维卷积层：让可学习的卷积核在输入上滑动，在每个位置做乘加运算。</translation>
    </message>
    <message>
        <source>2-D convolution: slides learned kernels over the input, multiply-accumulate at each position.</source>
        <translation>二维卷积层：让可学习的卷积核在输入上滑动，在每个位置做乘加运算。</translation>
    </message>
    <message>
        <source>Takes the maximum over each window, shrinking the spatial size.</source>
        <translation>取每个窗口内的最大值，缩小空间尺寸。</translation>
    </message>
    <message>
        <source>Takes the average over each window, shrinking the spatial size.</source>
        <translation>取每个窗口内的平均值，缩小空间尺寸。</translation>
    </message>
    <message>
        <source>Averages each channel over the whole image: (C, H, W) -&gt; (C,).</source>
        <translation>对每个通道在整张图像上求平均：(C, H, W) -&gt; (C,)。</translation>
    </message>
    <message>
        <source>Simple recurrent layer h_t = f(W·x_t + U·h_{t-1} + b).</source>
        <translation>简单循环层 h_t = f(W·x_t + U·h_{t-1} + b)。</translation>
    </message>
    <message>
        <source>Long short-term memory: input, forget and output gates keep a cell state.</source>
        <translation>长短期记忆：输入门、遗忘门和输出门维护一个细胞状态。</translation>
    </message>
    <message>
        <source>Gated recurrent unit: update and reset gates; lighter than an LSTM.</source>
        <translation>门控循环单元：更新门和重置门；比 LSTM 更轻量。</translation>
    </message>
    <message>
        <source>Multi-head self-attention softmax(Q·Kᵀ/√d_k)·V over a (time, features) sequence.</source>
        <translation>多头自注意力 softmax(Q·Kᵀ/√d_k)·V，作用于（时间步, 特征）序列。</translation>
    </message>
    <message>
        <source>Self-attention and a feed-forward block, each with a residual connection and LayerNorm.</source>
        <translation>自注意力加一个前馈模块，各带一个残差连接和 LayerNorm。</translation>
    </message>
    <message>
        <source>Adds position information to a (time, features) sequence: fixed sinusoids or learned vectors.</source>
        <translation>为（时间步, 特征）序列加入位置信息：固定的正弦波或可学习的向量。</translation>
    </message>
    <message>
        <source>Looks up a learned vector for each integer token id.</source>
        <translation>为每个整数词元编号查找一个可学习的向量。</translation>
    </message>
    <message>
        <source>Normalises each feature over the batch, then scales and shifts (features or channels×length).</source>
        <translation>在批次上对每个特征做归一化，然后缩放和平移（特征，或 通道×长度）。</translation>
    </message>
    <message>
        <source>Normalises each channel of an image over the batch, then scales and shifts.</source>
        <translation>在批次上对图像的每个通道做归一化，然后缩放和平移。</translation>
    </message>
    <message>
        <source>Normalises the last dimension of each sample, then scales and shifts.</source>
        <translation>对每个样本的最后一个维度做归一化，然后缩放和平移。</translation>
    </message>
    <message>
        <source>During training, zeroes each value with probability p (and scales the rest); off at inference.</source>
        <translation>训练时以概率 p 把每个值置零（并放大其余的值）；推理时关闭。</translation>
    </message>
    <message>
        <source>Passes the input through unchanged (linear activation).</source>
        <translation>让输入原样通过（线性激活）。</translation>
    </message>
    <message>
        <source>max(0, x): the hinge that piecewise-linear networks are built from.</source>
        <translation>max(0, x)：分段线性网络赖以构建的折线。</translation>
    </message>
    <message>
        <source>x for x &gt; 0, slope·x otherwise: never completely dead.</source>
        <translation>x &gt; 0 时为 x，否则为 斜率·x：永远不会完全死亡。</translation>
    </message>
    <message>
        <source>1 / (1 + e^-x): squashes to (0, 1); binary probabilities.</source>
        <translation>1 / (1 + e^-x)：压缩到 (0, 1)；用于二分类概率。</translation>
    </message>
    <message>
        <source>Hyperbolic tangent: squashes to (-1, 1).</source>
        <translation>双曲正切：压缩到 (-1, 1)。</translation>
    </message>
    <message>
        <source>x·sigmoid(x): smooth, non-monotonic.</source>
        <translation>x·sigmoid(x)：平滑、非单调。</translation>
    </message>
    <message>
        <source>x·Φ(x): the smooth ReLU used in Transformers.</source>
        <translation>x·Φ(x)：Transformer 中使用的平滑 ReLU。</translation>
    </message>
    <message>
        <source>x for x &gt; 0, α(eˣ−1) otherwise.</source>
        <translation>x &gt; 0 时为 x，否则为 α(eˣ−1)。</translation>
    </message>
    <message>
        <source>Turns scores into probabilities that sum to 1 (classification output).</source>
        <translation>把分数变成和为 1 的概率（分类输出）。</translation>
    </message>
    <message>
        <source>Element-wise sum of all inputs (same shapes): residual / skip connections.</source>
        <translation>所有输入逐元素相加（形状相同）：残差 / 跳跃连接。</translation>
    </message>
    <message>
        <source>Joins all inputs along one dimension (other dimensions must match).</source>
        <translation>沿一个维度拼接所有输入（其他维度必须一致）。</translation>
    </message>
    <message>
        <source>Flattens each sample to a vector, e.g. (64, 3, 3) -&gt; (576,).</source>
        <translation>把每个样本展平为向量，例如 (64, 3, 3) -&gt; (576,)。</translation>
    </message>
    <message>
        <source>Gives each sample a new shape with the same number of values (-1 infers one size).</source>
        <translation>给每个样本一个新形状，值的个数不变（-1 表示自动推断一个维度）。</translation>
    </message>
</context>
<context>
    <name>Learning</name>
    <message>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <source>Layers, activations, losses, optimisers and regularisation explained</source>
        <translation>讲解层、激活函数、损失函数、优化器和正则化</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Guided lessons on the examples of the articles</source>
        <translation>基于文章示例的引导课程</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Open the example</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Next lesson</source>
        <translation>下一课</translation>
    </message>
    <message>
        <source>Guided lessons</source>
        <translation>引导课程</translation>
    </message>
    <message>
        <source>Pick a lesson and press Start.</source>
        <translation>选择一门课程，然后按“开始”。</translation>
    </message>
    <message>
        <source>Lesson complete ✓</source>
        <translation>课程完成 ✓</translation>
    </message>
    <message>
        <source>Step {n} of {count}</source>
        <translation>第 {n} 步，共 {count} 步</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>acc</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>prec</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>train {0} · val {1} · acc {2}</source>
        <translation>训练 {0} · 验证 {1} · 准确率 {2}</translation>
    </message>
    <message>
        <source>step</source>
        <translation>每步</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>step: each batch&apos;s training loss
train: the epoch&apos;s mean training loss
val: the validation loss</source>
        <translation>每步：每个批次的训练损失
训练：该轮次的平均训练损失
验证：验证损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>train (step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>train {0:.3g}</source>
        <translation>训练 {0:.3g}</translation>
    </message>
    <message>
        <source> · val {0:.3g}</source>
        <translation> · 验证 {0:.3g}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Starting the training engine…</source>
        <translation>正在启动训练引擎…</translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation>可以开始训练</translation>
    </message>
    <message>
        <source>⚠ The training engine could not start: {error}</source>
        <translation>⚠ 训练引擎无法启动：{error}</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty project</source>
        <translation>新建一个空项目</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file</source>
        <translation>打开项目文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save under a new name</source>
        <translation>以新名称保存</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>复制一份(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Arrange the network to fit the window</source>
        <translation>排列网络以适应窗口</translation>
    </message>
    <message>
        <source>Auto-&amp;layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>适应视图(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Find &amp;Layer…</source>
        <translation>查找层(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Quick Add…</source>
        <translation>快速添加(&amp;Q)…</translation>
    </message>
    <message>
        <source>Tab on the canvas: search and add a layer at the cursor</source>
        <translation>在画布上按 Tab：搜索一个层并添加到光标处</translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About NetBuilder</source>
        <translation>关于 NetBuilder(&amp;A)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language (applies after restart)</source>
        <translation>语言（重启后生效）(&amp;L)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>⚠ the clipboard holds no NetBuilder nodes</source>
        <translation>⚠ 剪贴板中没有 NetBuilder 节点</translation>
    </message>
    <message>
        <source>Applied: {fix}</source>
        <translation>已应用：{fix}</translation>
    </message>
    <message>
        <source>About NetBuilder</source>
        <translation>关于 NetBuilder</translation>
    </message>
    <message>
        <source>&lt;h3&gt;NetBuilder {version}&lt;/h3&gt;&lt;p&gt;Design neural networks visually, train them, watch them learn and export them.&lt;/p&gt;&lt;p&gt;Built with PySide6, pyqtgraph and PyTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NetBuilder {version}&lt;/h3&gt;&lt;p&gt;可视化地设计神经网络，训练它们，观察它们如何学习，并导出它们。&lt;/p&gt;&lt;p&gt;基于 PySide6、pyqtgraph 和 PyTorch 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 node</source>
        <translation>1 个节点</translation>
    </message>
    <message>
        <source>{n} nodes</source>
        <translation>{n} 个节点</translation>
    </message>
    <message>
        <source>{n} params</source>
        <translation>{n} 个参数</translation>
    </message>
    <message>
        <source>no problems</source>
        <translation>没有问题</translation>
    </message>
    <message>
        <source>⚠ 1 problem</source>
        <translation>⚠ 1 个问题</translation>
    </message>
    <message>
        <source>⚠ {n} problems</source>
        <translation>⚠ {n} 个问题</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>MisclassifiedView</name>
    <message>
        <source>Looking for misclassified test images…</source>
        <translation>正在查找分类错误的测试图像…</translation>
    </message>
    <message>
        <source>{0} of the first {1} test images are misclassified now (true → predicted); click one to see it.</source>
        <translation>前 {1} 张测试图像中目前有 {0} 张分类错误（真实 → 预测）；点击一张查看。</translation>
    </message>
    <message>
        <source>No mistakes among the first {0} test images.</source>
        <translation>前 {0} 张测试图像中没有错误。</translation>
    </message>
</context>
<context>
    <name>ModelIO</name>
    <message>
        <source>give the input shape, e.g. 1,28,28</source>
        <translation>请给出输入形状，例如 1,28,28</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not a size (whole numbers &gt;= 1, e.g. 1,28,28)</source>
        <translation>&apos;{part}&apos; 不是一个尺寸（大于等于 1 的整数，例如 1,28,28）</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>Imported {nodes} nodes, {params:,} parameters</source>
        <translation>已导入 {nodes} 个节点，{params:,} 个参数</translation>
    </message>
    <message>
        <source>Import a PyTorch model</source>
        <translation>导入 PyTorch 模型</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Class (or module object) to import; empty if the file holds exactly one model:</source>
        <translation>要导入的类（或模块对象）；如果文件中只有一个模型，可以留空：</translation>
    </message>
    <message>
        <source>Input shape without the batch dimension:</source>
        <translation>输入形状（不含批次维度）：</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the model (safetensors, pt, pt2, ONNX, PyTorch code, training script)</source>
        <translation>导出模型（safetensors、pt、pt2、ONNX、PyTorch 代码、训练脚本）</translation>
    </message>
    <message>
        <source>&amp;Import PyTorch Model…</source>
        <translation>导入 PyTorch 模型(&amp;I)…</translation>
    </message>
    <message>
        <source>Turn an nn.Module from a Python file into a project</source>
        <translation>把 Python 文件中的 nn.Module 变成一个项目</translation>
    </message>
</context>
<context>
    <name>NeuronView</name>
    <message>
        <source>{0}: pruned (every incoming weight is 0), {1:+.3f}</source>
        <translation>{0}：已剪枝（所有输入权重都为 0），{1:+.3f}</translation>
    </message>
    <message>
        <source>{0}: {1:+.3f} at {2}</source>
        <translation>{0}：{1:+.3f}，位于 {2}</translation>
    </message>
    <message>
        <source>{0}: {1} = 0 (pruned)</source>
        <translation>{0}：{1} = 0（已剪枝）</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>{0} · unit {1}</source>
        <translation>{0} · 单元 {1}</translation>
    </message>
    <message>
        <source> (+{0} more)</source>
        <translation>（另有 {0} 个）</translation>
    </message>
    <message>
        <source>weight from {0} to {1}</source>
        <translation>从 {0} 到 {1} 的权重</translation>
    </message>
</context>
<context>
    <name>NodeCard</name>
    <message>
        <source>{n} feature</source>
        <translation>{n} 个特征</translation>
    </message>
    <message>
        <source>{n} features</source>
        <translation>{n} 个特征</translation>
    </message>
    <message>
        <source>{n} unit</source>
        <translation>{n} 个单元</translation>
    </message>
    <message>
        <source>{n} units</source>
        <translation>{n} 个单元</translation>
    </message>
    <message>
        <source>{n} layer</source>
        <translation>{n} 层</translation>
    </message>
    <message>
        <source>{n} layers</source>
        <translation>{n} 层</translation>
    </message>
    <message>
        <source>{n} head</source>
        <translation>{n} 个头</translation>
    </message>
    <message>
        <source>{n} heads</source>
        <translation>{n} 个头</translation>
    </message>
    <message>
        <source>no bias</source>
        <translation>无偏置</translation>
    </message>
    <message>
        <source>token ids</source>
        <translation>词元编号</translation>
    </message>
    <message>
        <source>{n} ch</source>
        <translation>{n} 通道</translation>
    </message>
    <message>
        <source>stride {n}</source>
        <translation>步长 {n}</translation>
    </message>
    <message>
        <source>pad {n}</source>
        <translation>填充 {n}</translation>
    </message>
    <message>
        <source>{n} hidden</source>
        <translation>隐藏 {n}</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>all steps</source>
        <translation>所有时间步</translation>
    </message>
    <message>
        <source>last step</source>
        <translation>最后一个时间步</translation>
    </message>
    <message>
        <source>causal</source>
        <translation>因果</translation>
    </message>
    <message>
        <source>dropout {p}</source>
        <translation>Dropout {p}</translation>
    </message>
    <message>
        <source>ff {n}</source>
        <translation>前馈 {n}</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>可学习</translation>
    </message>
    <message>
        <source>sinusoidal</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>max {n}</source>
        <translation>最长 {n}</translation>
    </message>
    <message>
        <source>{n} tokens → {d}</source>
        <translation>{n} 个词元 → {d}</translation>
    </message>
    <message>
        <source>drop {n}%</source>
        <translation>丢弃 {n}%</translation>
    </message>
    <message>
        <source>slope {n}</source>
        <translation>斜率 {n}</translation>
    </message>
    <message>
        <source>α {n}</source>
        <translation>α {n}</translation>
    </message>
    <message>
        <source>over dim {n}</source>
        <translation>在维度 {n} 上</translation>
    </message>
    <message>
        <source>along dim {n}</source>
        <translation>沿维度 {n}</translation>
    </message>
    <message>
        <source>to {shape}</source>
        <translation>重塑为 {shape}</translation>
    </message>
    <message>
        <source>defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>no parameters</source>
        <translation>没有参数</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <source>{n} params</source>
        <translation>{n} 个参数</translation>
    </message>
    <message>
        <source>output: {shape}</source>
        <translation>输出：{shape}</translation>
    </message>
    <message>
        <source>Quick fix (right-click): {fix}</source>
        <translation>快速修复（右键）：{fix}</translation>
    </message>
</context>
<context>
    <name>Options</name>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>mse</source>
        <translation>均方误差（mse）</translation>
    </message>
    <message>
        <source>mae</source>
        <translation>平均绝对误差（mae）</translation>
    </message>
    <message>
        <source>huber</source>
        <translation>Huber 损失（huber）</translation>
    </message>
    <message>
        <source>cross_entropy</source>
        <translation>交叉熵（cross_entropy）</translation>
    </message>
    <message>
        <source>bce</source>
        <translation>二元交叉熵（bce）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定（constant）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯衰减（step）</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦衰减（cosine）</translation>
    </message>
    <message>
        <source>plateau</source>
        <translation>停滞时衰减（plateau）</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认（default）</translation>
    </message>
    <message>
        <source>xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>kaiming</source>
        <translation>Kaiming</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正态分布（normal）</translation>
    </message>
    <message>
        <source>spread_kinks</source>
        <translation>分散拐点（spread_kinks）</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>圆环（circle）</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或（xor）</translation>
    </message>
    <message>
        <source>gaussians</source>
        <translation>高斯簇（gaussians）</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋（spiral）</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月（moons）</translation>
    </message>
    <message>
        <source>function</source>
        <translation>一维函数（function）</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>8×8 手写数字（digits）</translation>
    </message>
    <message>
        <source>idx</source>
        <translation>IDX 文件（MNIST）</translation>
    </message>
    <message>
        <source>table</source>
        <translation>小表格（table）</translation>
    </message>
    <message>
        <source>sine-next</source>
        <translation>正弦序列预测（sine-next）</translation>
    </message>
    <message>
        <source>sequence-sum</source>
        <translation>序列求和（sequence-sum）</translation>
    </message>
    <message>
        <source>random-regression</source>
        <translation>随机回归（random-regression）</translation>
    </message>
    <message>
        <source>csv</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>npz</source>
        <translation>NPZ 文件</translation>
    </message>
    <message>
        <source>digits28</source>
        <translation>28×28 手写数字（digits28）</translation>
    </message>
    <message>
        <source>relu-pieces</source>
        <translation>分段 ReLU（relu-pieces）</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>正弦（sine）</translation>
    </message>
    <message>
        <source>abs</source>
        <translation>绝对值（abs）</translation>
    </message>
    <message>
        <source>sawtooth</source>
        <translation>锯齿波（sawtooth）</translation>
    </message>
    <message>
        <source>cubic</source>
        <translation>三次函数（cubic）</translation>
    </message>
    <message>
        <source>formula</source>
        <translation>自定义公式（formula）</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>(default {value})</source>
        <translation>（默认 {value}）</translation>
    </message>
    <message>
        <source>&lt;i&gt;no parameters&lt;/i&gt;</source>
        <translation>&lt;i&gt;没有参数&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Search layers (Ctrl+F)</source>
        <translation>搜索层 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Add to Canvas</source>
        <translation>添加到画布</translation>
    </message>
    <message>
        <source>What is this?</source>
        <translation>这是什么？</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Quick fix</source>
        <translation>快速修复</translation>
    </message>
    <message>
        <source>Apply fix</source>
        <translation>应用修复</translation>
    </message>
    <message>
        <source>Select a problem that has a quick fix</source>
        <translation>选择一个有快速修复的问题</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>没有问题</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <source>fix: {fix}</source>
        <translation>修复：{fix}</translation>
    </message>
</context>
<context>
    <name>QuickAddPopup</name>
    <message>
        <source>Add layer…</source>
        <translation>添加层…</translation>
    </message>
</context>
<context>
    <name>RegionOverlay</name>
    <message>
        <source>Linear regions</source>
        <translation>线性区域</translation>
    </message>
    <message>
        <source>Colour the plane by which ReLUs are on: the network is linear in each region (for ReLU networks; a reopened run shows the count until it trains again)</source>
        <translation>按哪些 ReLU 处于激活状态给平面着色：网络在每个区域内都是线性的（适用于 ReLU 网络；重新打开的运行在再次训练前只显示区域数量）</translation>
    </message>
    <message>
        <source>{0} regions</source>
        <translation>{0} 个区域</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Results appear here after training</source>
        <translation>训练结束后在这里显示结果</translation>
    </message>
    <message>
        <source>{split} split: </source>
        <translation>{split}集：</translation>
    </message>
    <message>
        <source>Click a cell to see one of its test images; click again for the next.</source>
        <translation>点击一个格子，查看其中的一张测试图像；再点击查看下一张。</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted)</source>
        <translation>混淆矩阵（行：真实，列：预测）</translation>
    </message>
    <message>
        <source>This run&apos;s report keeps no per-sample predictions: train again to pick images.</source>
        <translation>这次运行的报告没有保存每个样本的预测：请重新训练后再挑选图像。</translation>
    </message>
    <message>
        <source>This matrix counts the {0} split; the image views show test samples.</source>
        <translation>这个矩阵统计的是 {0} 集；图像视图显示的是测试样本。</translation>
    </message>
    <message>
        <source>No test sample of class {0} is predicted as {1}.</source>
        <translation>没有类别为 {0} 的测试样本被预测为 {1}。</translation>
    </message>
    <message>
        <source>{0} test samples of class {1} are predicted as {2}.</source>
        <translation>有 {0} 个类别为 {1} 的测试样本被预测为 {2}。</translation>
    </message>
    <message>
        <source>Test sample {0}: true {1}, predicted {2} ({3} of {4} in this cell).</source>
        <translation>测试样本 {0}：真实 {1}，预测 {2}（本格 {4} 个中的第 {3} 个）。</translation>
    </message>
    <message>
        <source>Predicted vs true</source>
        <translation>预测值与真实值</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>⚠ this run is not recorded: {0}</source>
        <translation>⚠ 这次运行没有被记录：{0}</translation>
    </message>
    <message>
        <source>⚠ run not saved: {0}</source>
        <translation>⚠ 运行未保存：{0}</translation>
    </message>
    <message>
        <source>⚠ {0} damaged run folder(s) listed in Runs: {1}</source>
        <translation>⚠ 运行记录中列出了 {0} 个损坏的运行文件夹：{1}</translation>
    </message>
    <message>
        <source>⚠ run {0} cannot be opened: {1}</source>
        <translation>⚠ 无法打开运行 {0}：{1}</translation>
    </message>
    <message>
        <source>⚠ the run saved in {0} is damaged ({1}); its weights were kept</source>
        <translation>⚠ 保存在 {0} 中的运行已损坏（{1}）；其权重已保留</translation>
    </message>
    <message>
        <source>⚠ {0} is training: stop it before deleting it</source>
        <translation>⚠ {0} 正在训练：请先停止再删除</translation>
    </message>
</context>
<context>
    <name>RunProgress</name>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted (the training process ended before the run did)</source>
        <translation>已中断（训练进程在运行结束前退出了）</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>全部轮次</translation>
    </message>
    <message>
        <source>early_stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>{0:,.0f} steps/s</source>
        <translation>{0:,.0f} 步/秒</translation>
    </message>
    <message>
        <source>{0:.0f} s left</source>
        <translation>剩余 {0:.0f} 秒</translation>
    </message>
    <message>
        <source>{0:.1f} s</source>
        <translation>{0:.1f} 秒</translation>
    </message>
    <message>
        <source>epoch {0}/{1} · step {2}/{3} · {4} · {5}</source>
        <translation>轮次 {0}/{1} · 步 {2}/{3} · {4} · {5}</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>finished ({0})</source>
        <translation>已完成（{0}）</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
</context>
<context>
    <name>RunsDocks</name>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {0}? Their weights, checkpoints and logs are removed from the disk.</source>
        <translation>删除 {0}？它们的权重、检查点和日志将从磁盘上删除。</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show this run and put its network and settings into the editor</source>
        <translation>显示这次运行，并把它的网络和设置放入编辑器</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Overlay the curves of the selected runs and list their settings</source>
        <translation>叠加所选运行的曲线并列出它们的设置</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>d MMM HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>continued from {0} at epoch {1}</source>
        <translation>从 {0} 的第 {1} 轮次继续</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
</context>
<context>
    <name>SaliencyView</name>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>saliency (gradient × input)</source>
        <translation>显著性（梯度 × 输入）</translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>pixel ({0}, {1}): {2:+.4f}</source>
        <translation>像素 ({0}, {1})：{2:+.4f}</translation>
    </message>
</context>
<context>
    <name>SamplePicker</name>
    <message>
        <source>The test sample these views show</source>
        <translation>这些视图显示的测试样本</translation>
    </message>
    <message>
        <source>test sample {0} ({1})</source>
        <translation>测试样本 {0}（{1}）</translation>
    </message>
</context>
<context>
    <name>SequenceViews</name>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>target {0:.2f}</source>
        <translation>目标 {0:.2f}</translation>
    </message>
</context>
<context>
    <name>SideJobThread</name>
    <message>
        <source>the training process ended unexpectedly</source>
        <translation>训练进程意外结束</translation>
    </message>
</context>
<context>
    <name>SplitField</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>none (train on all, tiny tables)</source>
        <translation>不划分（全部用于训练，适合很小的表格）</translation>
    </message>
    <message>
        <source>percentages</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>{name} share of the samples</source>
        <translation>{name} 占样本的比例</translation>
    </message>
    <message>
        <source>the shares add up to {total} %; make them 100 % with train &gt; 0</source>
        <translation>各部分之和为 {total} %；请让它们等于 100 % 且训练部分 &gt; 0</translation>
    </message>
    <message>
        <source>Set split</source>
        <translation>设置划分</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>&lt;h1&gt;NetBuilder&lt;/h1&gt;&lt;p&gt;Design neural networks visually, train them, watch them learn.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;NetBuilder&lt;/h1&gt;&lt;p&gt;可视化地设计神经网络，训练它们，观察它们如何学习。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Start with an empty canvas (Ctrl+N)</source>
        <translation>从空白画布开始 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open a .nbproj file (Ctrl+O)</source>
        <translation>打开 .nbproj 文件 (Ctrl+O)</translation>
    </message>
    <message>
        <source>Guided lessons</source>
        <translation>引导课程</translation>
    </message>
    <message>
        <source>Short lessons on the examples of the articles (Help ▸ Lessons)</source>
        <translation>基于文章示例的简短课程（帮助 ▸ 课程）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent&lt;/b&gt;</source>
        <translation>&lt;b&gt;最近&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Examples&lt;/b&gt;</source>
        <translation>&lt;b&gt;示例&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>From a terminal: netbuilder example:{name}</source>
        <translation>在终端中打开：netbuilder example:{name}</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Total params: &lt;b&gt;{total:,}&lt;/b&gt; ({short}) · trainable: {trainable:,} · MACs per sample: {macs}</source>
        <translation>参数总量：&lt;b&gt;{total:,}&lt;/b&gt;（{short}）· 可训练：{trainable:,} · 每样本乘加（MACs）：{macs}</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Scrub through the checkpoints kept while this run trained</source>
        <translation>拖动浏览这次运行训练时保存的检查点</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>从这里继续</translation>
    </message>
    <message>
        <source>Start a new run from this checkpoint with the current settings (e.g. a lower learning rate)</source>
        <translation>用当前设置从这个检查点开始新的运行（例如更低的学习率）</translation>
    </message>
    <message>
        <source>loss {0:.3f}</source>
        <translation>损失 {0:.3f}</translation>
    </message>
    <message>
        <source>no checkpoints</source>
        <translation>没有检查点</translation>
    </message>
    <message>
        <source>epoch {0} of {1}</source>
        <translation>轮次 {0} / {1}</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>train first: there are no weights to repair yet</source>
        <translation>请先训练：还没有可以修复的权重</translation>
    </message>
    <message>
        <source>Open run {0}</source>
        <translation>打开运行 {0}</translation>
    </message>
    <message>
        <source>⚠ no view for the kept weights: {0}</source>
        <translation>⚠ 保存的权重没有可用的视图：{0}</translation>
    </message>
    <message>
        <source>Fit the network to the data</source>
        <translation>让网络适配数据</translation>
    </message>
    <message>
        <source>cannot build this dataset: {0}: {1}</source>
        <translation>无法构建这个数据集：{0}：{1}</translation>
    </message>
    <message>
        <source>Added an Input of shape {shape} and an output layer of {n}: drop hidden layers on the link</source>
        <translation>已添加形状为 {shape} 的输入层和大小为 {n} 的输出层：把隐藏层放到它们之间的连线上</translation>
    </message>
</context>
<context>
    <name>TrainingDocks</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>ReLU fit</source>
        <translation>ReLU 拟合</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause / Resume</source>
        <translation>暂停 / 继续</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Re-initialise dead units</source>
        <translation>重新初始化死亡单元</translation>
    </message>
    <message>
        <source>Stop training first: dead units are re-initialised between runs</source>
        <translation>请先停止训练：死亡单元只能在两次运行之间重新初始化</translation>
    </message>
    <message>
        <source>Train first: there are no weights to repair yet</source>
        <translation>请先训练：还没有可以修复的权重</translation>
    </message>
    <message>
        <source>⚠ cannot re-initialise: {0}</source>
        <translation>⚠ 无法重新初始化：{0}</translation>
    </message>
    <message>
        <source>No dead units to re-initialise</source>
        <translation>没有需要重新初始化的死亡单元</translation>
    </message>
    <message>
        <source>Re-initialise {n} dead unit(s)</source>
        <translation>重新初始化 {n} 个死亡单元</translation>
    </message>
    <message>
        <source>{0} ({1}); Edit ▸ Undo puts the old weights back</source>
        <translation>{0}（{1}）；编辑 ▸ 撤销 可恢复原来的权重</translation>
    </message>
    <message>
        <source>Loading the dataset…</source>
        <translation>正在加载数据集…</translation>
    </message>
    <message>
        <source>No dataset yet.</source>
        <translation>还没有数据集。</translation>
    </message>
    <message>
        <source>⚠ Training stopped: {0}</source>
        <translation>⚠ 训练已停止：{0}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>stop when validation stalls for</source>
        <translation>验证集表现停滞超过以下轮次时停止</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 个轮次</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Forget the trained weights and the run: the next Train starts afresh</source>
        <translation>丢弃训练好的权重和这次运行：下一次训练将从头开始</translation>
    </message>
    <message>
        <source>Find learning rate…</source>
        <translation>查找学习率…</translation>
    </message>
    <message>
        <source>A short range test on a copy of the network: loss against a growing learning rate</source>
        <translation>在网络的副本上做一次简短的范围测试：损失随学习率增大的变化</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>What is this?</source>
        <translation>这是什么？</translation>
    </message>
    <message>
        <source>Open the guide&apos;s page about this setting</source>
        <translation>打开指南中关于这项设置的页面</translation>
    </message>
    <message>
        <source>Suggested for this data: {why}. A value you set replaces it.</source>
        <translation>针对这份数据的建议：{why}。你设置的值会替换它。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Set optimizer</source>
        <translation>设置优化器</translation>
    </message>
    <message>
        <source>Set batch size</source>
        <translation>设置批大小</translation>
    </message>
    <message>
        <source>Set epochs</source>
        <translation>设置轮次</translation>
    </message>
    <message>
        <source>Set loss</source>
        <translation>设置损失函数</translation>
    </message>
    <message>
        <source>Set L1</source>
        <translation>设置 L1</translation>
    </message>
    <message>
        <source>Set L2</source>
        <translation>设置 L2</translation>
    </message>
    <message>
        <source>Set LR schedule</source>
        <translation>设置学习率调度</translation>
    </message>
    <message>
        <source>Set initialisation</source>
        <translation>设置初始化</translation>
    </message>
    <message>
        <source>Set seed</source>
        <translation>设置随机种子</translation>
    </message>
    <message>
        <source>Set device</source>
        <translation>设置设备</translation>
    </message>
    <message>
        <source>Set learning rate</source>
        <translation>设置学习率</translation>
    </message>
    <message>
        <source>Set early stopping</source>
        <translation>设置早停</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>TrainingSession</name>
    <message>
        <source>a run is already in progress</source>
        <translation>已有一次运行正在进行</translation>
    </message>
    <message>
        <source>cannot start the training process: {0}</source>
        <translation>无法启动训练进程：{0}</translation>
    </message>
    <message>
        <source>the training process did not respond to Stop within {0:.0f} s (it may be frozen), so it was ended; the weights of this run are lost. Train again to start a fresh process.</source>
        <translation>训练进程在 {0:.0f} 秒内没有响应“停止”（可能已卡死），因此已被结束；这次运行的权重丢失了。再次训练将启动一个新进程。</translation>
    </message>
</context>
<context>
    <name>TrainingThread</name>
    <message>
        <source>the training process ended unexpectedly</source>
        <translation>训练进程意外结束</translation>
    </message>
    <message>
        <source> (exit code {0})</source>
        <translation>（退出码 {0}）</translation>
    </message>
    <message>
        <source>; it may have run out of memory. Try a smaller batch size or network, then Train again.</source>
        <translation>；可能是内存不足。请尝试更小的批大小或网络，然后再次训练。</translation>
    </message>
</context>
<context>
    <name>UnitHealthPanel</name>
    <message>
        <source>dead / saturated</source>
        <translation>死亡 / 饱和</translation>
    </message>
    <message>
        <source>linear regions</source>
        <translation>线性区域</translation>
    </message>
    <message>
        <source>histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Whose histogram the heat map shows</source>
        <translation>热力图显示谁的直方图</translation>
    </message>
    <message>
        <source>Re-initialise dead units</source>
        <translation>重新初始化死亡单元</translation>
    </message>
    <message>
        <source>Give every dead ReLU unit of every layer a fresh start (one undo step)</source>
        <translation>给每一层的每个死亡 ReLU 单元一个新的开始（一步撤销）</translation>
    </message>
    <message>
        <source>Heat map:</source>
        <translation>热力图：</translation>
    </message>
    <message>
        <source>Train to see which units are alive, dead or saturated.</source>
        <translation>训练后可以看到哪些单元是存活、死亡或饱和的。</translation>
    </message>
    <message>
        <source>weights of {0}</source>
        <translation>{0} 的权重</translation>
    </message>
    <message>
        <source>activations of {0}</source>
        <translation>{0} 的激活值</translation>
    </message>
    <message>
        <source>{0}: {1:.0%} dead</source>
        <translation>{0}：{1:.0%} 死亡</translation>
    </message>
    <message>
        <source>{0}: {1:.0%} saturated</source>
        <translation>{0}：{1:.0%} 饱和</translation>
    </message>
    <message>
        <source>{0} linear regions</source>
        <translation>{0} 个线性区域</translation>
    </message>
</context>
<context>
    <name>ViewStates</name>
    <message>
        <source>Press Train to see the loss fall.</source>
        <translation>按“训练”观察损失下降。</translation>
    </message>
    <message>
        <source>Press Train to watch the decision boundary form over the points.</source>
        <translation>按“训练”观察决策边界如何在数据点上形成。</translation>
    </message>
    <message>
        <source>Press Train to watch each ReLU unit&apos;s hinge bend the prediction onto the target.</source>
        <translation>按“训练”观察每个 ReLU 单元的折线如何把预测弯向目标。</translation>
    </message>
    <message>
        <source>The confusion matrix or predicted-vs-true plot appears when a run ends.</source>
        <translation>运行结束时会显示混淆矩阵或 预测值-真实值 图。</translation>
    </message>
    <message>
        <source>The decision boundary is shown for classification over 2-D points; these samples are {0}.</source>
        <translation>决策边界只用于二维数据点的分类；这些样本的形状是 {0}。</translation>
    </message>
    <message>
        <source>The ReLU fit is shown for one input and one output (regression); these samples are {0}.</source>
        <translation>ReLU 拟合只用于一个输入、一个输出的回归；这些样本的形状是 {0}。</translation>
    </message>
</context>
<context>
    <name>_FrameView</name>
    <message>
        <source>predicted &lt;b&gt;{0}&lt;/b&gt; ({1:.0%}) · true {2} {3}</source>
        <translation>预测 &lt;b&gt;{0}&lt;/b&gt;（{1:.0%}）· 真实 {2} {3}</translation>
    </message>
</context>
<context>
    <name>_SequenceView</name>
    <message>
        <source>The layer shown</source>
        <translation>显示的层</translation>
    </message>
</context>
</TS>

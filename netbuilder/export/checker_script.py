"""The program that loads exported files in a fresh Python process (kept as text; it must not import netbuilder).

It is written to a temporary folder and run with ``python -I`` there: isolated mode ignores
PYTHONPATH and the user's site-packages, and a meta-path hook makes ``import netbuilder`` fail, so
a generated file that secretly needed netbuilder fails its check instead of passing by accident.
"""

CHECKER_SOURCE = r'''
import importlib.machinery
import importlib.util
import json
import sys
import traceback


class _NoNetBuilder:
    """Refuses to import netbuilder: exported files must stand on their own."""

    def find_spec(self, name, path=None, target=None):
        if name == "netbuilder" or name.startswith("netbuilder."):
            raise ImportError(f"{name} is deliberately not importable in the export check")
        return None


sys.meta_path.insert(0, _NoNetBuilder())

import torch  # noqa: E402
from safetensors.torch import load_file  # noqa: E402


def _module_from(path, name):
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def _run(job, index, inputs):
    kind = job["kind"]
    if kind == "state_dict":
        source_path = f"nb_check_model_{index}.py"
        with open(source_path, "w", encoding="utf-8") as handle:
            handle.write(job["source"])
        net = _module_from(source_path, f"nb_check_model_{index}").Net()
        quantize = job.get("quantize")
        if quantize == "static":
            # The same FX flow as the export: the quantised structure, then the saved scales and int8 weights.
            from torch.ao.quantization import get_default_qconfig_mapping
            from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

            prepared = prepare_fx(net.eval(), get_default_qconfig_mapping("x86"), tuple(inputs))
            with torch.no_grad():
                prepared(*inputs)
            net = convert_fx(prepared)
        elif quantize:
            kinds = {torch.nn.Linear, torch.nn.LSTM, torch.nn.GRU}
            net = torch.ao.quantization.quantize_dynamic(net, kinds, dtype=torch.qint8)
        if job["loader"] == "safetensors":
            state = load_file(job["path"])
        else:
            state = torch.load(job["path"], map_location="cpu", weights_only=True)
        net.load_state_dict(state, strict=True)
        net.eval()
        with torch.no_grad():
            return net(*inputs)
    if kind == "py":
        module = _module_from(job["path"], f"nb_exported_{index}")
        net = module.load(job["weights"])
        with torch.no_grad():
            return net(*inputs)
    if kind == "pt2":
        program = torch.export.load(job["path"])
        with torch.no_grad():
            return program.module()(*inputs)
    if kind == "onnx":
        import onnxruntime

        session = onnxruntime.InferenceSession(job["path"], providers=["CPUExecutionProvider"])
        feeds = {name: tensor.numpy() for name, tensor in zip(job["inputs"], inputs)}
        return torch.from_numpy(session.run(None, feeds)[0])
    raise ValueError(f"unknown check kind {kind!r}")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        jobs = json.load(handle)
    for index, job in enumerate(jobs):
        result = {"index": index, "ok": False, "max_abs_diff": None, "error": None}
        try:
            data = load_file(job["data"])
            inputs = [data[f"input_{i}"] for i in range(job["num_inputs"])]
            output = _run(job, index, inputs).float()
            expected = data["expected"].float()
            if tuple(output.shape) != tuple(expected.shape):
                result["error"] = f"output shape {tuple(output.shape)} differs from the model's {tuple(expected.shape)}"
            else:
                diff = float((output - expected).abs().max()) if output.numel() else 0.0
                result["max_abs_diff"] = diff
                result["ok"] = diff <= job["tolerance"]
        except BaseException as error:  # report every failure; one bad file must not hide the others
            lines = traceback.format_exception_only(type(error), error)
            result["error"] = "".join(lines).strip()[-800:]
        sys.stdout.write("NBCHECK " + json.dumps(result) + "\n")
        sys.stdout.flush()


main()
'''
